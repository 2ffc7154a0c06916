package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.store.elastic.ElasticStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The store's client: built from the configuration (hosts, TLS, timeouts, compression, and an
 * {@code Authorization} header computed per request from the credential suppliers, so a rotated key
 * is used at once), or an existing {@link ElasticsearchClient}/{@link RestClient}. Every call goes
 * through {@link #call} so errors become Stratum exceptions.
 */
public final class ElasticConnection implements AutoCloseable {
    /**
     * What a {@code _bulk} reply keeps ({@code filter_path}): per item only what the store reads (and what the
     * client requires: {@code _index}, {@code status}); the unfiltered reply is ~220 bytes an item (shards, seq_no,
     * version…), which the client parsed for nothing on every {@code saveAll}.
     */
    static final String BULK_REPLY = "took,errors,items.*._index,items.*._id,items.*.status,items.*.result,items.*.error";

    private final ElasticsearchClient client;
    private final ElasticsearchClient bulkClient;
    private final @Nullable RestClient ownedRestClient;
    private final @Nullable ElasticsearchTransport ownedTransport;
    private final String host;
    private final int port;
    private volatile boolean contacted;

    public ElasticConnection(ElasticStoreConfig config, ObjectMapper json) {
        if (config.client().isPresent()) {
            this.client = config.client().get();
            this.ownedRestClient = null;
            this.ownedTransport = null;
        } else {
            RestClient rest = config.restClient().orElse(null);
            boolean own = rest == null;
            if (rest == null) {
                rest = build(config);
            }
            ElasticsearchTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper(json));
            this.client = new ElasticsearchClient(transport);
            this.ownedRestClient = own ? rest : null;
            this.ownedTransport = own ? transport : null;
        }
        this.bulkClient = client.withTransportOptions(o -> o.setParameter("filter_path", BULK_REPLY));
        String first = config.hosts().isEmpty() ? null : config.hosts().get(0);
        URI u = first == null ? null : URI.create(first);
        this.host = u == null || u.getHost() == null ? "unknown" : u.getHost();
        this.port = u == null ? 0 : u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static RestClient build(ElasticStoreConfig config) {
        HttpHost[] hosts = config.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder b = RestClient.builder(hosts);
        b.setCompressionEnabled(config.compression());
        b.setRequestConfigCallback(rc -> rc.setConnectTimeout((int) config.connectTimeout().toMillis())
                .setSocketTimeout((int) config.socketTimeout().toMillis()));
        SSLContext ssl = sslContext(config);
        Supplier<String> authorization = authorization(config);
        b.setHttpClientConfigCallback(hc -> {
            if (ssl != null) {
                hc.setSSLContext(ssl);
            }
            if (authorization != null) {
                hc.addInterceptorLast((HttpRequestInterceptor) (request, context) -> request.setHeader("Authorization", authorization.get()));
            }
            return hc;
        });
        return b.build();
    }

    private static @Nullable SSLContext sslContext(ElasticStoreConfig config) {
        try {
            if (config.caFingerprint().isPresent()) {
                return TransportUtils.sslContextFromCaFingerprint(config.caFingerprint().get().replace(":", ""));
            }
            if (config.caCertificate().isPresent()) {
                return TransportUtils.sslContextFromHttpCaCrt(config.caCertificate().get().toFile());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("cannot build the TLS context of the Elasticsearch store: " + e.getMessage(), e);
        }
    }

    private static @Nullable Supplier<String> authorization(ElasticStoreConfig config) {
        if (config.apiKey().isPresent()) {
            Supplier<String> key = config.apiKey().get();
            return () -> "ApiKey " + key.get();
        }
        if (config.username().isPresent()) {
            String user = config.username().get();
            Supplier<String> password = config.password().orElse(() -> "");
            return () -> "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.get()).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** The same client asking {@code _bulk} for a reply filtered to {@link #BULK_REPLY}. */
    public ElasticsearchClient bulkClient() {
        return bulkClient;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * Asks the cluster's health once, bounded by {@code timeout} for connecting and for the answer, so a
     * dead or silent server fails the first use within seconds rather than after the per-request socket
     * timeout. Remembered once it succeeds; skipped on a client the service gave us whose transport is not
     * the REST client's (its timeouts are its owner's).
     *
     * @throws StoreUnavailableException if the server does not answer in time
     */
    public void firstContact(Duration timeout) {
        if (contacted) {
            return;
        }
        if (!(client._transport() instanceof RestClientTransport)) {
            contacted = true;
            return;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        RequestConfig bounded = RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis).setConnectionRequestTimeout(millis)
                .build();
        // the transport's own options (its compatibility and meta headers), with the bounded request config
        RequestOptions base = client._transport().options() instanceof RestClientOptions o ? o.restClientRequestOptions() : RequestOptions.DEFAULT;
        RestClientOptions options = new RestClientOptions(base.toBuilder().setRequestConfig(bounded).build(), false);
        try {
            client.withTransportOptions(options).cluster().health();
            contacted = true;
        } catch (Exception e) {
            DataAccessException translated = ElasticErrors.translate(e, "first contact (cluster health)", false);
            if (translated instanceof StoreUnavailableException || translated instanceof StoreTimeoutException) {
                throw new StoreUnavailableException("Elasticsearch at " + host + ":" + port + " did not answer within " + timeout.toMillis()
                        + " ms (first contact, cluster health): " + translated.getMessage(), e);
            }
            throw translated;
        }
    }

    /** Runs a client call, translating its failures (reads). */
    public <R> R call(String operation, Callable<R> body) {
        return call(operation, false, body);
    }

    /** Runs a client call, translating its failures; {@code write} marks calls that write documents. */
    public <R> R call(String operation, boolean write, Callable<R> body) {
        try {
            return body.call();
        } catch (DataAccessException e) {
            throw e;
        } catch (Exception e) {
            throw ElasticErrors.translate(e, operation, write);
        }
    }

    @Override
    public void close() {
        try {
            if (ownedTransport != null) {
                ownedTransport.close();
            } else if (ownedRestClient != null) {
                ownedRestClient.close();
            }
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
