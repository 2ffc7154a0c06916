package dev.stratum.store.mongo.internal;

import com.mongodb.ConnectionString;
import dev.stratum.api.ConfigurationException;
import java.util.Locale;

/**
 * Parses MongoDB connection strings into the driver's {@link ConnectionString}, turning its errors into
 * {@link ConfigurationException}s that name the bad part, and keeps every user name and password out
 * of messages.
 */
public final class MongoUris {
    private MongoUris() {}

    /** Parses a connection URI. @throws ConfigurationException naming the bad part of {@code uri}, never its credentials */
    public static ConnectionString parse(String uri) {
        String trimmed = uri.trim();
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("mongodb") && !scheme.equals("mongodb+srv")) {
            throw new ConfigurationException("unsupported scheme '" + (schemeEnd < 0 ? "(none)" : scheme) + "' in MongoDB URI "
                    + redact(trimmed) + ": expected mongodb:// or mongodb+srv://");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?") || (rest.endsWith("@") && rest.indexOf('/') < 0)) {
            throw new ConfigurationException("no host in MongoDB URI " + redact(trimmed) + ": expected " + scheme + "://host[:port]/database");
        }
        try {
            return new ConnectionString(trimmed);
        } catch (RuntimeException e) {
            if (rest.indexOf('@') >= 0) {
                // the driver quotes fragments of what it failed to decode (e.g. a piece of a password after a
                // raw '%'), which masking the whole user info cannot catch: withhold its message
                throw new ConfigurationException("invalid MongoDB URI " + redact(trimmed) + ": the driver rejected it (its message is"
                        + " withheld as it may quote the credentials); percent-encode ':', '/', '?', '#', '[', ']', '@' and '%'"
                        + " in the user name and password");
            }
            throw new ConfigurationException("invalid MongoDB URI " + redact(trimmed) + ": " + sanitize(e.getMessage(), trimmed));
        }
    }

    /**
     * {@code uri} with its user information replaced by {@code ***} and its query options dropped
     * (options such as {@code authMechanismProperties} may hold secrets).
     */
    public static String redact(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return "(not a URI)";
        }
        String rest = uri.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = "***@" + rest.substring(at + 1);
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q) + "?…";
        }
        return uri.substring(0, schemeEnd + 3) + rest;
    }

    /** A driver message with anything that came from the URI's user information masked. */
    public static String sanitize(@org.jspecify.annotations.Nullable String message, String uri) {
        if (message == null) {
            return "malformed";
        }
        String out = message;
        int schemeEnd = uri.indexOf("://");
        String rest = schemeEnd < 0 ? uri : uri.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        if (at > 0) {
            String userInfo = rest.substring(0, at);
            out = out.replace(userInfo, "***");
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon + 1 < userInfo.length()) {
                out = out.replace(userInfo.substring(colon + 1), "***");
            }
            out = out.replace(uri, redact(uri));
        }
        int q = uri.indexOf('?');
        if (q >= 0) {
            for (String option : uri.substring(q + 1).split("&")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                if (eq > 0 && key.toLowerCase(Locale.ROOT).startsWith("authmechanismproperties") && eq + 1 < option.length()) {
                    out = out.replace(option.substring(eq + 1), "***");
                }
            }
        }
        return out;
    }
}
