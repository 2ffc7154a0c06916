package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.http.HttpEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.ResponseException;
import org.jspecify.annotations.Nullable;

/**
 * Translates the Elasticsearch client's exceptions into Stratum's. The client's exception is always
 * the cause; messages name the operation, the server's error type and reason, never credentials
 * (the client's own messages carry no request headers).
 *
 * <ul>
 *   <li>429, {@code es_rejected_execution_exception}, {@code circuit_breaking_exception}, 502/503/504,
 *       refused or reset connections: {@link StoreUnavailableException} (a retry is safe);
 *   <li>socket timeouts: {@link StoreTimeoutException};
 *   <li>a failed TLS handshake (server certificate not issued by the configured CA, or for another host name):
 *       {@link ConfigurationException} naming TLS;
 *   <li>on a write ({@code write = true}), a socket timeout or a connection lost after connecting (reset, closed):
 *       {@link WriteOutcomeUnknownException}, since the request may have reached the server (found by the fault
 *       suite: 396 of 400 increments reported "unavailable, a retry is safe" had been applied); a refused or
 *       timed-out connect stays {@link StoreUnavailableException} (nothing was sent);
 *   <li>a document the mapping refuses ({@code document_parsing_exception}, {@code mapper_parsing_exception},
 *       {@code strict_dynamic_mapping_exception}, {@code illegal_argument_exception} on a write):
 *       {@link InvalidEntityException};
 *   <li>a query the server refuses: {@link InvalidQueryException};
 *   <li>401 (the server did not accept the credentials) and 403 (the credentials lack a privilege):
 *       {@link ConfigurationException} naming the status and the server's reason (which names at most the user,
 *       never the secret). The API has no authentication code; CONFIGURATION is the closest (not transient: the same
 *       credentials fail again);
 *   <li>anything else: {@link DataAccessException} with {@link ErrorCode#STORE_ERROR}.
 * </ul>
 */
public final class ElasticErrors {
    private static final Set<String> UNAVAILABLE = Set.of("es_rejected_execution_exception", "circuit_breaking_exception",
            "cluster_block_exception", "no_shard_available_action_exception", "unavailable_shards_exception", "node_closed_exception",
            "master_not_discovered_exception", "node_not_connected_exception");
    private static final Set<String> BAD_DOCUMENT = Set.of("document_parsing_exception", "mapper_parsing_exception",
            "strict_dynamic_mapping_exception", "illegal_argument_exception", "json_parse_exception", "x_content_parse_exception");

    private static final ObjectMapper BODY = new ObjectMapper();

    private ElasticErrors() {}

    /**
     * The HTTP status of a failed call, or 0 when there was no response. The client reports some
     * error responses (e.g. a 409 of a conditional write) as a {@link TransportException} around the
     * low-level {@code ResponseException}, others as an {@link ElasticsearchException}.
     */
    public static int status(Throwable t) {
        if (t instanceof ElasticsearchException e) {
            return e.status();
        }
        if (t instanceof TransportException te && te.statusCode() > 0) {
            return te.statusCode();
        }
        if (t instanceof ResponseException re) {
            return re.getResponse().getStatusLine().getStatusCode();
        }
        Throwable c = t.getCause();
        return c != null && c != t ? status(c) : 0;
    }

    /** The Stratum exception for a failure of {@code operation}; {@code write} says whether it wrote a document. */
    public static DataAccessException translate(Throwable t, String operation, boolean write) {
        if (t instanceof DataAccessException d) {
            return d;
        }
        Throwable tls = tlsFailure(t);
        if (tls != null) {
            return new ConfigurationException("TLS handshake with elasticsearch failed (" + operation + "): " + message(tls)
                    + ". The server's certificate must be issued by the CA given with caCertificate(…) or caFingerprint(…) (or by one the"
                    + " JVM trusts when neither is given) and name the host the store connects to", t);
        }
        if (t instanceof ElasticsearchException e) {
            return fromServer(e.status(), e.error(), e, operation, write);
        }
        if (t instanceof TransportException te) {
            int status = te.statusCode();
            Throwable cause = te.getCause();
            if (status == 0 && cause != null && cause != te && !(cause instanceof TransportException)) {
                DataAccessException inner = translate(cause, operation, write);
                if (inner.errorCode() != ErrorCode.STORE_ERROR) {
                    return inner;
                }
            }
            if (status == 401 || status == 403) {
                return refusedCredentials(status, "HTTP " + status, operation, t);
            }
            if (status == 429 || status == 502 || status == 503 || status == 504) {
                return new StoreUnavailableException("elasticsearch cannot serve " + operation + " right now (HTTP " + status + ")", t);
            }
            if (status == 400) {
                return write ? new InvalidEntityException("elasticsearch refused the document (" + operation + "): HTTP 400; nothing was written", t)
                        : new InvalidQueryException("elasticsearch refused " + operation + ": HTTP 400", t);
            }
            return new DataAccessException(ErrorCode.STORE_ERROR, "elasticsearch " + operation + " failed: " + message(t), t);
        }
        if (t instanceof ResponseException re) {
            // The client parses error bodies only for the statuses it expects (4xx of the API); for others (429, 5xx) the
            // low-level client's ResponseException, an IOException, comes through. The server answered: map it by its
            // status and error like any server error, never as a lost connection (a refused write is not in doubt).
            return fromServer(re.getResponse().getStatusLine().getStatusCode(), errorOf(re), t, operation, write);
        }
        if (t instanceof SocketTimeoutException) {
            return write ? new WriteOutcomeUnknownException("elasticsearch " + operation + " timed out after the request was sent;"
                    + " whether it was applied is unknown: " + message(t), t)
                    : new StoreTimeoutException("elasticsearch " + operation + " timed out: " + message(t), t);
        }
        if (t instanceof ConnectException || t.getClass().getName().endsWith(".ConnectTimeoutException")) {
            return new StoreUnavailableException("elasticsearch is unreachable (" + operation + "): " + message(t), t);
        }
        if (t instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("elasticsearch " + operation + " was interrupted", t);
        }
        if (t instanceof IOException) {
            return write ? new WriteOutcomeUnknownException("the connection to elasticsearch failed during " + operation
                    + "; whether it was applied is unknown: " + message(t), t)
                    : new StoreUnavailableException("elasticsearch is unreachable (" + operation + "): " + message(t), t);
        }
        return new DataAccessException(ErrorCode.STORE_ERROR, "elasticsearch " + operation + " failed: " + message(t), t);
    }

    /**
     * The TLS handshake or peer-verification failure behind {@code t}, if any: a server certificate the configured CA
     * did not issue, or one for another host name. Not retryable (a configuration mismatch, or someone in between).
     */
    private static @Nullable Throwable tlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLHandshakeException || c instanceof SSLPeerUnverifiedException) {
                return c;
            }
        }
        return null;
    }

    /** The Stratum exception for an error the server reported (also a bulk item's). */
    public static DataAccessException fromServer(int status, @Nullable ErrorCause error, Throwable cause, String operation,
            boolean write) {
        String type = error == null ? "" : error.type();
        String text = describe(error, status);
        if (status == 401 || status == 403) {
            return refusedCredentials(status, text, operation, cause);
        }
        if (status == 429 || status == 503 || UNAVAILABLE.contains(type) || rootType(error).equals("circuit_breaking_exception")) {
            return new StoreUnavailableException("elasticsearch cannot serve " + operation + " right now: " + text, cause);
        }
        if (status == 504 || type.equals("timeout_exception") || type.equals("receive_timeout_transport_exception")) {
            return new StoreTimeoutException("elasticsearch " + operation + " timed out: " + text, cause);
        }
        if (write && (BAD_DOCUMENT.contains(type) || BAD_DOCUMENT.contains(rootType(error)))) {
            return new InvalidEntityException("elasticsearch refused the document (" + operation + "): " + text
                    + "; nothing was written", cause);
        }
        if (!write && status == 400) {
            return new InvalidQueryException("elasticsearch refused " + operation + ": " + text, cause);
        }
        return new DataAccessException(ErrorCode.STORE_ERROR, "elasticsearch " + operation + " failed: " + text, cause);
    }

    private static ConfigurationException refusedCredentials(int status, String text, String operation, Throwable cause) {
        return new ConfigurationException(status == 401
                ? "elasticsearch refused the credentials (HTTP 401, " + operation + "): " + text + ". Check the apiKey/basicAuth the"
                        + " store is configured with"
                : "elasticsearch refused " + operation + " for lack of a privilege (HTTP 403): " + text + ". The configured user or API"
                        + " key needs a role allowing it", cause);
    }

    /** The {@code error} of a low-level error response's JSON body (its first root cause when there is one), if any. */
    private static @Nullable ErrorCause errorOf(ResponseException e) {
        try {
            HttpEntity entity = e.getResponse().getEntity();
            if (entity == null) {
                return null;
            }
            JsonNode error = BODY.readTree(EntityUtils.toString(entity, StandardCharsets.UTF_8)).path("error");
            JsonNode root = error.path("root_cause").path(0);
            JsonNode top = error.isObject() ? error : BODY.missingNode();
            String type = top.path("type").asText("");
            if (type.isEmpty()) {
                return null;
            }
            String reason = top.path("reason").asText("");
            String rootType = root.path("type").asText("");
            if (!rootType.isEmpty() && !rootType.equals(type)) {
                String rootReason = root.path("reason").asText("");
                return ErrorCause.of(c -> c.type(type).reason(reason).causedBy(r -> r.type(rootType).reason(rootReason)));
            }
            return ErrorCause.of(c -> c.type(type).reason(reason));
        } catch (IOException | RuntimeException notJson) {
            return null; // e.g. a proxy's HTML page: the status alone decides
        }
    }

    private static String rootType(@Nullable ErrorCause e) {
        if (e == null) {
            return "";
        }
        ErrorCause c = e;
        while (c.causedBy() != null) {
            c = c.causedBy();
        }
        return c.type();
    }

    /** {@code type: reason} of the error and its innermost cause. */
    static String describe(@Nullable ErrorCause e, int status) {
        if (e == null) {
            return "HTTP " + status;
        }
        StringBuilder b = new StringBuilder(e.type()).append(": ").append(e.reason());
        ErrorCause c = e.causedBy();
        if (c == null && !e.rootCause().isEmpty()) {
            c = e.rootCause().get(0);
        }
        if (c != null && c.reason() != null && !c.reason().equals(e.reason())) {
            while (c.causedBy() != null) {
                c = c.causedBy();
            }
            b.append(" (").append(c.type()).append(": ").append(c.reason()).append(')');
        }
        return b.toString();
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
