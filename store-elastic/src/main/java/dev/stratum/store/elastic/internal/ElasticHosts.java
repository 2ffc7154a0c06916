package dev.stratum.store.elastic.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * The hosts of an {@link dev.stratum.store.elastic.ElasticStoreConfig}: a host or URL given to the builder split into
 * its base URL and its user information, and the checks {@code build()} makes of the base URLs. Messages name a host
 * by its position and base URL, never its user information.
 */
public final class ElasticHosts {
    private ElasticHosts() {}

    /**
     * A host or URL split at its user information.
     *
     * @param url the base URL without user information ({@code scheme://host[:port]...}; {@code http} when none was given)
     * @param userInfo what preceded the last '@' after the scheme, raw (percent-encoded or not), or null
     */
    public record Split(String url, @Nullable String userInfo) {}

    /**
     * Splits {@code http://h:9200}, {@code host:port} (http) or {@code https://user:pw@h:9200}: the user information is
     * taken up to the last '@', so a raw password holding '@' stays whole.
     */
    public static Split split(String hostOrUrl) {
        int schemeEnd = hostOrUrl.indexOf("://");
        String scheme = schemeEnd < 0 ? "http" : hostOrUrl.substring(0, schemeEnd);
        String rest = schemeEnd < 0 ? hostOrUrl : hostOrUrl.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            return new Split(scheme + "://" + rest, null);
        }
        return new Split(scheme + "://" + rest.substring(at + 1), rest.substring(0, at));
    }

    /** What is wrong with the base URLs (1-based positions), or nothing. */
    public static List<String> problems(List<String> hosts) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            String lower = h.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                bad.add("host #" + (i + 1) + " '" + h + "' is not an http(s) URL");
            } else if (!hasHost(h)) {
                bad.add("host #" + (i + 1) + " '" + h + "' is not a valid URL (expected http(s)://host[:port])");
            }
        }
        return bad;
    }

    /** Whether the URL names a host the low-level client can use (no path: the index prefix is an option). */
    private static boolean hasHost(String url) {
        try {
            HttpHost.create(url);
            return new URI(url).getHost() != null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false; // its message would repeat the URL: the caller names it once
        }
    }
}
