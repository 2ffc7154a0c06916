package dev.stratum.store.elastic.internal;

import dev.stratum.store.elastic.ElasticStoreConfig;
import dev.stratum.store.elastic.RefreshPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Parses {@code http(s)://[user:pw@]h1[:p1][,h2[:p2]][/][?opts]} and {@code elasticsearch://...} into a
 * config builder. Problems are recorded on the builder and reported by {@code build()}; messages never
 * repeat the user information.
 */
public final class ElasticUris {
    private ElasticUris() {}

    public static void apply(String uri, ElasticStoreConfig.Builder<?> b) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            b.problem("URI has no scheme (expected http://, https:// or elasticsearch://)");
            return;
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("elasticsearch") && !scheme.equals("elasticsearchs")) {
            b.problem("unsupported URI scheme '" + scheme + "' (expected http, https or elasticsearch)");
            return;
        }
        String rest = uri.substring(schemeEnd + 3);
        // user information first, up to the last '@' (a host never holds one): a raw password may hold '/', '?', '#'
        // or '@', which must not be taken for a path, options or a host (and then echoed in a message)
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            b.basicAuth(userName(user), password(user));
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
            end++;
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int q = tail.indexOf('?');
        String query = q >= 0 ? tail.substring(q + 1) : "";
        String path = q >= 0 ? tail.substring(0, q) : tail;
        if (!path.isEmpty() && !path.equals("/")) {
            b.problem("URI path '" + path + "' is not supported: the index prefix is the 'prefix' option");
        }
        boolean tls = scheme.equals("https") || scheme.equals("elasticsearchs");
        for (String option : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = option.indexOf('=');
            String key = decode(eq < 0 ? option : option.substring(0, eq));
            String value = eq < 0 ? "" : key.equals("apiKey") ? percentDecode(option.substring(eq + 1)) : decode(option.substring(eq + 1));
            switch (key) {
                case "prefix" -> b.indexPrefix(value);
                case "tls", "ssl" -> tls = Boolean.parseBoolean(value);
                case "apiKey" -> b.apiKey(() -> value);
                case "compression" -> b.compression(Boolean.parseBoolean(value));
                case "caFingerprint" -> b.caFingerprint(value);
                case "refresh" -> {
                    try {
                        b.refresh(RefreshPolicy.valueOf(value.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        b.problem("refresh=" + value + " is not one of immediate, wait_for, none");
                    }
                }
                case "connectTimeoutMs" -> millis(b, key, value, true);
                case "socketTimeoutMs" -> millis(b, key, value, false);
                default -> b.problem("unknown URI option '" + key + "'");
            }
        }
        if (authority.isEmpty()) {
            b.problem("URI has no host");
        }
        for (String host : authority.split(",")) {
            if (!host.isBlank()) {
                boolean hasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
                b.hosts((tls ? "https://" : "http://") + host + (hasPort ? "" : ":9200"));
            }
        }
    }

    /** The percent-decoded user name of URI user information ({@code user[:password]}). */
    public static String userName(String userInfo) {
        int colon = userInfo.indexOf(':');
        // RFC 3986 percent-decoding: a '+' stays a '+', and a stray '%' is kept (URLDecoder would throw with the rest
        // of the secret in its message)
        return percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    }

    /** The percent-decoded password of URI user information (empty if none), as a supplier. */
    public static Supplier<String> password(String userInfo) {
        int colon = userInfo.indexOf(':');
        String password = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1));
        return () -> password;
    }

    private static void millis(ElasticStoreConfig.Builder<?> b, String key, String value, boolean connect) {
        try {
            Duration d = Duration.ofMillis(Long.parseLong(value));
            if (connect) {
                b.connectTimeout(d);
            } else {
                b.socketTimeout(d);
            }
        } catch (NumberFormatException e) {
            b.problem(key + "=" + value + " is not a number of milliseconds");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape: taken as written, and reported (if at all) by the option's own check
        }
    }

    /** Decodes valid {@code %XX} escapes (UTF-8) and keeps everything else, '+' and stray '%' included. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            int hi = s.charAt(i) == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi >= 0 && lo >= 0) {
                escaped.write(hi * 16 + lo);
                i += 2;
            } else {
                out.append(escaped.toString(StandardCharsets.UTF_8)).append(s.charAt(i));
                escaped.reset();
            }
        }
        return out.append(escaped.toString(StandardCharsets.UTF_8)).toString();
    }
}
