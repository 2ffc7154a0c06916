package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Stores on the shared test server, each with its own index prefix so test classes never see each other's data. */
final class ElasticTestStores {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ElasticTestStores() {}

    static ElasticStore newStore(String name) {
        return builder(name).build();
    }

    static ElasticStoreConfig.Builder<ElasticStore> builder(String name) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(ElasticTestServer.uniquePrefix(name)).replicas(0);
    }

    /**
     * A raw call to the shared server ({@code body} JSON, or null for none), asserting a 200; returns the body. For
     * what the store does not do itself: index and cluster settings, statistics, refreshes.
     */
    static String http(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ElasticTestServer.shared().uri() + path));
        HttpRequest request = (body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return r.body();
    }
}
