package dev.stratum.store.mongo.internal;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.api.spi.TransactionScope;
import dev.stratum.store.mongo.MongoStoreConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.UuidRepresentation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's driver client, with what the driver does not do itself:
 *
 * <ul>
 *   <li><b>credential rotation</b>: the driver fixes a {@link MongoCredential} for a client's lifetime.
 *       When the server refuses authentication, the configured supplier is asked again; if it returns
 *       another credential, a new client replaces this one (repositories pick it up on their next call,
 *       see {@link #generation()}) and the operation is retried once. Previous clients stay open until
 *       the store closes: operations still running on them finish, and a client handed out by
 *       {@code unwrap} before the rotation keeps working (rotations are rare; each leaves one idle pool);
 *   <li><b>ownership</b>: a client given to the configuration is used as it is, never rotated or closed;
 *   <li><b>server detection</b> ({@link MongoServerProfile}), once, lazily;
 *   <li><b>transactions</b>: a {@link ClientSession} bound to the calling thread by
 *       {@link #inTransaction(Supplier)}, which every repository call on that thread joins;
 *   <li><b>error translation</b> of every call ({@link #call(String, Supplier)}).
 * </ul>
 */
public final class MongoConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoConnection.class);

    private final MongoStoreConfig config;
    @SuppressWarnings("ThreadLocalUsage") // one per connection on purpose: a thread's transaction session on this client
    private final ThreadLocal<ClientSession> session = new ThreadLocal<>();
    private final Deque<MongoClient> retired = new ArrayDeque<>();
    private volatile Handle current;
    private volatile @Nullable MongoServerProfile profile;

    /** One client and what it was built with. */
    private record Handle(MongoClient client, MongoDatabase database, long generation, @Nullable MongoCredential credential) {}

    public MongoConnection(MongoStoreConfig config) {
        this.config = config;
        MongoClient given = config.client().orElse(null);
        if (given != null) {
            MongoDatabase db = given.getDatabase(config.database());
            // the store writes UUIDs as standard binary whatever the given client's default
            db = db.withCodecRegistry(org.bson.codecs.configuration.CodecRegistries.withUuidRepresentation(db.getCodecRegistry(),
                    UuidRepresentation.STANDARD));
            this.current = new Handle(given, db, 1, null);
        } else {
            MongoCredential credential = askCredential(true);
            this.current = open(credential, 1);
        }
    }

    private Handle open(@Nullable MongoCredential credential, long generation) {
        MongoClient client = MongoClients.create(settings(config, credential));
        return new Handle(client, client.getDatabase(config.database()), generation, credential);
    }

    /** The driver settings of a configuration (base settings, URI, Stratum's, customizer: later wins). */
    public static MongoClientSettings settings(MongoStoreConfig config, @Nullable MongoCredential credential) {
        // fail fast: without base settings, Stratum's connect and server-selection defaults replace the driver's
        // 10 s / 30 s; the URI's own values (connectTimeoutMS, serverSelectionTimeoutMS) and the customizer still win
        MongoClientSettings.Builder b = config.baseSettings().map(MongoClientSettings::builder).orElseGet(() -> MongoClientSettings.builder()
                .applyToSocketSettings(s -> s.connectTimeout(MongoStoreConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(MongoStoreConfig.DEFAULT_SERVER_SELECTION_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS)));
        config.connectionString().ifPresent(b::applyConnectionString);
        b.uuidRepresentation(UuidRepresentation.STANDARD);
        if (credential != null) {
            b.credential(credential);
        }
        config.sslContext().ifPresent(ctx -> b.applyToSslSettings(s -> s.enabled(true).context(ctx)));
        config.clientSettings().ifPresent(c -> c.accept(b));
        return b.build();
    }

    private @Nullable MongoCredential askCredential(boolean atStart) {
        if (config.credentials().isEmpty()) {
            return null;
        }
        try {
            MongoCredential c = config.credentials().get().get();
            if (c == null) {
                throw new IllegalStateException("the credentials supplier returned null");
            }
            return c;
        } catch (RuntimeException e) {
            String message = "the MongoDB credentials supplier failed (" + e.getClass().getSimpleName() + ")";
            if (atStart) {
                throw new ConfigurationException(message, e);
            }
            throw new StoreUnavailableException(message, e);
        }
    }

    /** The current client. */
    public MongoClient client() {
        return current.client;
    }

    /** The configured database on the current client. */
    public MongoDatabase database() {
        return current.database;
    }

    /** Grows whenever the client is replaced (credential rotation); repositories re-fetch collections then. */
    public long generation() {
        return current.generation;
    }

    /** The detected server (asked once). @throws DataAccessException if the server cannot be reached */
    public MongoServerProfile profile() {
        MongoServerProfile p = profile;
        if (p == null) {
            synchronized (this) {
                p = profile;
                if (p == null) {
                    p = call("detect the MongoDB server", () -> MongoServerProfile.detect(client().getDatabase("admin")));
                    profile = p;
                    LOG.debug("connected to {}", p.describe());
                }
            }
        }
        return p;
    }

    /**
     * Runs a driver call, translating its exceptions; an authentication failure asks the credentials
     * supplier again and, if the credential changed, retries once on a new client.
     */
    public <R> R call(String what, Supplier<R> action) {
        try {
            return action.get();
        } catch (MongoSecurityException e) {
            if (session.get() == null && rotate()) {
                try {
                    return action.get();
                } catch (RuntimeException again) {
                    throw MongoErrors.translate(again, what);
                }
            }
            throw MongoErrors.translate(e, what);
        } catch (RuntimeException e) {
            throw MongoErrors.translate(e, what);
        }
    }

    /**
     * {@link #call} for a write: a connection that failed after the request was sent gives a
     * {@link dev.stratum.api.WriteOutcomeUnknownException} (see {@link MongoErrors#translateWrite}).
     */
    public <R> R callWrite(String what, Supplier<R> action) {
        try {
            return call(what, action);
        } catch (DataAccessException d) {
            if (d.getCause() instanceof RuntimeException cause && !(cause instanceof DataAccessException)) {
                DataAccessException w = MongoErrors.translateWrite(cause, what);
                if (w != d && w instanceof WriteOutcomeUnknownException) {
                    throw w;
                }
            }
            throw d;
        }
    }

    /**
     * Asks the credentials supplier and replaces the client if the credential changed.
     *
     * @return whether the client was replaced
     */
    public boolean rotate() {
        if (config.credentials().isEmpty() || config.client().isPresent()) {
            return false;
        }
        synchronized (this) {
            MongoCredential fresh = askCredential(false);
            Handle h = current;
            if (fresh == null || fresh.equals(h.credential)) {
                return false;
            }
            Handle next = open(fresh, h.generation + 1);
            current = next;
            retired.addLast(h.client); // closed with the store: callers may hold it (unwrap)
            LOG.info("MongoDB credentials changed; switched to a new client (generation {})", next.generation);
            return true;
        }
    }

    /** The transaction session bound to this thread, or null. */
    public @Nullable ClientSession session() {
        return session.get();
    }

    /**
     * Runs {@code body} in a transaction that every repository call on this thread joins; commits when
     * it returns, aborts when it throws. Transient errors are retried as the driver's
     * {@code withTransaction} does (so {@code body} may run more than once).
     */
    public <R> R inTransaction(Supplier<R> body) {
        if (!profile().transactions()) {
            throw new QueryNotSupportedException("mongodb", "transactions", "they need a MongoDB replica set or sharded cluster; connected to "
                    + profile().describe());
        }
        return runTransaction(body);
    }

    /**
     * The transaction itself, without the server check. Repository calls inside {@code body} translate
     * driver exceptions as always ({@link #call}), so the application sees Stratum's exceptions; but a
     * translated exception whose cause carries the {@code TransientTransactionError} label is rethrown
     * here as that driver exception, so the driver's {@code withTransaction} sees the label and retries
     * the body (before this, the label was hidden inside a {@code StoreUnavailableException} and the
     * driver never retried). The thread is marked ({@link TransactionScope}) so caches keep out.
     */
    <R> R runTransaction(Supplier<R> body) {
        if (session.get() != null) {
            return body.get(); // nested: join the outer transaction
        }
        try (ClientSession s = client().startSession()) {
            session.set(s);
            try {
                return TransactionScope.run(() -> s.withTransaction(() -> {
                    try {
                        return body.get();
                    } catch (DataAccessException e) {
                        MongoException transient_ = transientCause(e);
                        if (transient_ != null) {
                            throw transient_;
                        }
                        throw e;
                    }
                }));
            } catch (MongoException e) {
                throw MongoErrors.translate(e, "transaction");
            } finally {
                session.remove();
            }
        }
    }

    /** The driver exception labelled {@code TransientTransactionError} behind a translated exception, or null. */
    static @Nullable MongoException transientCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoException m && m.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        if (config.client().isEmpty()) {
            closeQuietly(current.client);
        }
        while (!retired.isEmpty()) {
            closeQuietly(retired.removeFirst());
        }
    }

    private static void closeQuietly(MongoClient c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a MongoDB client failed: {}", e.toString());
        }
    }
}
