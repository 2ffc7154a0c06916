package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.Node;
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
        // the first node: of the configured hosts, else of the given low-level client (also behind a given client)
        HttpHost first = config.hosts().isEmpty() ? firstNode(client) : HttpHost.create(config.hosts().get(0));
        this.host = first == null ? "unknown" : first.getHostName();
        this.port = first == null ? 0 : first.getPort() > 0 ? first.getPort() : "https".equals(first.getSchemeName()) ? 443 : 80;
    }

    private static @Nullable HttpHost firstNode(ElasticsearchClient client) {
        if (client._transport() instanceof RestClientTransport rest) {
            List<Node> nodes = rest.restClient().getNodes();
            return nodes.isEmpty() ? null : nodes.get(0).getHost();
        }
        return null;
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
        try {
            client.withTransportOptions(boundedOptions(timeout)).cluster().health();
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

    /** The transport's own options (its compatibility and meta headers) with connect, socket and pool waits bounded. */
    private RestClientOptions boundedOptions(Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        RequestConfig bounded = RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis).setConnectionRequestTimeout(millis)
                .build();
        RequestOptions base = client._transport().options() instanceof RestClientOptions o ? o.restClientRequestOptions() : RequestOptions.DEFAULT;
        return new RestClientOptions(base.toBuilder().setRequestConfig(bounded).build(), false);
    }

    /**
     * Runs a read whose answer is waited for at most {@code timeout} by the caller's clock, whatever the server does
     * (accepts and never answers, answers byte by byte): the request goes through the asynchronous client, with its
     * connect, socket and pool waits also bounded by {@code timeout} on the REST transport so an abandoned request ends
     * soon too. For {@code health()}, which promises an answer within its timeout.
     *
     * @throws StoreTimeoutException if no answer came in time (the request is cancelled)
     * @throws DataAccessException the translated failure otherwise
     */
    public <R> R bounded(String operation, Duration timeout, Function<ElasticsearchAsyncClient, CompletableFuture<R>> body) {
        ElasticsearchAsyncClient async = client._transport() instanceof RestClientTransport
                ? new ElasticsearchAsyncClient(client._transport(), boundedOptions(timeout))
                : new ElasticsearchAsyncClient(client._transport(), client._transportOptions());
        long start = System.nanoTime();
        CompletableFuture<R> future;
        try {
            future = body.apply(async);
        } catch (RuntimeException e) {
            throw ElasticErrors.translate(e, operation, false);
        }
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw noAnswer(operation, timeout, start, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            DataAccessException translated = ElasticErrors.translate(cause, operation, false);
            // the request's own socket timeout (the same bound) may fire first: the same report either way
            throw translated instanceof StoreTimeoutException ? noAnswer(operation, timeout, start, cause) : translated;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("elasticsearch " + operation + " was interrupted", e);
        }
    }

    private StoreTimeoutException noAnswer(String operation, Duration timeout, long start, Throwable cause) {
        return new StoreTimeoutException("elasticsearch at " + host + ":" + port + " did not answer " + operation + " within "
                + timeout.toMillis() + " ms (waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms)", cause);
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
