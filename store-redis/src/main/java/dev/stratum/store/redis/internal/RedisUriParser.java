package dev.stratum.store.redis.internal;

import dev.stratum.api.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses Stratum's Redis URIs by hand (java.net.URI rejects several hosts in one authority):
 *
 * <pre>
 * redis[s]://[user[:password]@]host[:port][/database][?option=value&amp;...]
 * redis[s]-sentinel://[user[:password]@]host[:port][,host[:port]...][/database][?...]#masterId
 * redis[s]-cluster://[user[:password]@]host[:port][,host[:port]...][?...]
 * </pre>
 *
 * Every error names the bad part; the user-info part (credentials) is never echoed.
 */
public final class RedisUriParser {
    /** Options accepted in the query part. */
    public static final Set<String> OPTIONS = Set.of("timeout", "connectTimeout", "clientName", "keyPrefix", "verifyPeer", "database",
            "masterId");

    /** A parsed URI. */
    @SuppressWarnings("ArrayRecordComponent") // the password stays a char[] (wipeable); a Parsed is never compared
    public record Parsed(String scheme, boolean tls, String mode, List<String> hosts, List<Integer> ports, @Nullable String username,
            char @Nullable [] password, @Nullable Integer database, @Nullable String masterId, Map<String, String> options) {}

    private RedisUriParser() {}

    public static Parsed parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            throw new ConfigurationException("Redis URI must start with a scheme such as redis://, rediss://, redis-sentinel://"
                    + " or redis-cluster:// (no '://' found)");
        }
        String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
        boolean tls;
        String mode;
        switch (scheme) {
            case "redis": tls = false; mode = "STANDALONE"; break;
            case "rediss": tls = true; mode = "STANDALONE"; break;
            case "redis-sentinel": tls = false; mode = "SENTINEL"; break;
            case "rediss-sentinel": tls = true; mode = "SENTINEL"; break;
            case "redis-cluster": tls = false; mode = "CLUSTER"; break;
            case "rediss-cluster": tls = true; mode = "CLUSTER"; break;
            default:
                throw new ConfigurationException("unsupported Redis URI scheme '" + printable(scheme) + "' (expected redis, rediss,"
                        + " redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster)");
        }
        String rest = uri.substring(sep + 3);
        // the authority's user info first: a password may hold '#', '?', '/', ':' or '@' (raw, as pasted),
        // which must not be taken for a fragment, query, path, port or host
        String username = null;
        char[] password = null;
        int at = userInfoEnd(rest);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            username = user.isEmpty() ? null : decode(user);
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1)).toCharArray();
            } else if (username != null) {
                // redis://secret@host is a password-only URI in Redis' convention
                password = username.toCharArray();
                username = null;
            }
        }
        String masterId = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            masterId = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            parseOptions(rest.substring(q + 1), options);
            rest = rest.substring(0, q);
        }
        Integer database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!path.isEmpty()) {
                database = parseDatabase(path, "path");
            }
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        int defaultPort = mode.equals("SENTINEL") ? 26379 : 6379;
        if (rest.isEmpty()) {
            throw new ConfigurationException("Redis URI has no host (expected e.g. " + scheme + "://localhost:" + defaultPort + ")");
        }
        for (String hp : rest.split(",", -1)) {
            parseHostPort(hp, defaultPort, hosts, ports);
        }
        if (options.containsKey("database")) {
            database = parseDatabase(options.get("database"), "option 'database'");
        }
        if (options.containsKey("masterId")) {
            masterId = options.get("masterId");
        }
        return new Parsed(scheme, tls, mode, hosts, ports, username, password, database, masterId, options);
    }

    private static void parseOptions(String query, Map<String, String> options) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
            String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
            if (!OPTIONS.contains(key)) {
                throw new ConfigurationException("unknown option '" + printable(key) + "' in the Redis URI (known: "
                        + String.join(", ", new TreeSet<>(OPTIONS)) + "); credentials belong in the user-info part or"
                        + " the builder's credentials(...)");
            }
            options.put(key, value);
        }
    }

    private static void parseHostPort(String hp, int defaultPort, List<String> hosts, List<Integer> ports) {
        String host;
        String port = null;
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0) {
                throw new ConfigurationException("host '" + printable(hp) + "' in the Redis URI has an unclosed '[' (IPv6 literal)");
            }
            host = hp.substring(1, close);
            String after = hp.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new ConfigurationException("unexpected '" + printable(after) + "' after host '" + printable(host) + "' in the Redis URI");
                }
                port = after.substring(1);
            }
        } else {
            int colon = hp.lastIndexOf(':');
            host = colon >= 0 ? hp.substring(0, colon) : hp;
            port = colon >= 0 ? hp.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new ConfigurationException("Redis URI has an empty host" + (port == null ? "" : " before port '" + printable(port) + "'"));
        }
        if (!host.matches("[A-Za-z0-9._:%-]+")) {
            throw new ConfigurationException("host '" + printable(host) + "' in the Redis URI is not a valid host name or address");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new ConfigurationException("port '" + printable(port) + "' of host '" + printable(host)
                        + "' in the Redis URI is not a number between 1 and 65535");
            }
        }
        hosts.add(host);
        ports.add(p);
    }

    private static int parseDatabase(String text, String where) {
        try {
            int db = Integer.parseInt(text);
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ConfigurationException("database '" + printable(text) + "' in the Redis URI " + where + " is not a number >= 0");
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT5S}). */
    public static Duration duration(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException(what + " has an invalid duration '" + printable(text) + "' (use e.g. 500ms, 5s or PT5S)");
        }
    }

    private static final Pattern HOST_LIST = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:,]*");

    /**
     * Where the user info ends: the last {@code @} followed by a host list (up to the path, query or
     * fragment), or -1 when there is no {@code @}. Never echoes the user info.
     *
     * @throws ConfigurationException if there is an {@code @} but no host list follows any
     */
    private static int userInfoEnd(String rest) {
        for (int at = rest.lastIndexOf('@'); at >= 0; at = rest.lastIndexOf('@', at - 1)) {
            String after = rest.substring(at + 1);
            int end = after.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = after.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            if (HOST_LIST.matcher(after.substring(0, end)).matches()) {
                return at;
            }
        }
        if (rest.indexOf('@') >= 0) {
            throw new ConfigurationException("the Redis URI has user info but no host list after it (expected"
                    + " user:password@host:port; percent-encode special characters of the password)");
        }
        return -1;
    }

    /** Percent-decoding that keeps '+' and a '%' not followed by two hex digits literally (passwords hold both). */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** A bounded, control-character-free rendering of a URI part for messages. */
    static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
