package dev.stratum.store.firestore;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link FirestoreStore}: which project and database, how to reach them
 * (emulator host or credentials, timeout) and how Stratum names its collections. Validated at
 * {@link Builder#build()}; credentials never appear in {@link #toString()} or in any message.
 *
 * <pre>{@code
 * FirestoreStore store = FirestoreStore.builder()
 *         .uri("firestore://my-project/orders-db")
 *         .credentials(() -> GoogleCredentials.fromStream(vault.serviceAccountJson()))
 *         .requestTimeout(Duration.ofSeconds(10))
 *         .build();
 *
 * FirestoreStore local = FirestoreStore.open("firestore://demo-project?emulatorHost=localhost:8080");
 * }</pre>
 *
 * <p>URI: {@code firestore://PROJECT[/DATABASE][?emulatorHost=host:port&timeout=10s&connectTimeout=3s&collectionPrefix=p]};
 * the database defaults to {@code (default)}. Without an emulator host and without credentials the
 * client's defaults apply: {@code FIRESTORE_EMULATOR_HOST} if set, else Application Default
 * Credentials. With an emulator host, no credentials are sent. Builder settings override the URI's.
 */
public final class FirestoreStoreConfig {
    /** The deadline of each call, retries included, unless configured ({@code timeout} URI option). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long the store's first contact (one document read when the first repository is created) may
     * take unless configured ({@code connectTimeout} URI option): a dead or silent server fails within it.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9:.-]{0,127}");
    private static final Pattern DATABASE = Pattern.compile("\\(default\\)|[a-z][a-z0-9-]{2,62}");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?[A-Za-z0-9_.:-]+]?:\\d{1,5}");

    private final @Nullable String projectId;
    private final String databaseId;
    private final @Nullable String emulatorHost;
    private final @Nullable Supplier<GoogleCredentials> credentials;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final @Nullable Firestore firestore;
    private final String collectionPrefix;
    private final String migrationsCollection;
    private final EntityMapper mapper;
    private final CursorKey cursorKey;

    private FirestoreStoreConfig(Builder<?> b) {
        this.projectId = b.projectId;
        this.databaseId = b.databaseId;
        this.emulatorHost = b.emulatorHost;
        this.credentials = b.credentials;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.firestore = b.firestore;
        this.collectionPrefix = b.collectionPrefix;
        this.migrationsCollection = b.migrationsCollection;
        this.mapper = b.mapper;
        this.cursorKey = b.cursorKey != null ? b.cursorKey : CursorKey.random();
    }

    /** A builder of configurations. */
    public static Builder<FirestoreStoreConfig> builder() {
        return new Builder<>(c -> c);
    }

    /** The Google Cloud project; empty when an existing client is used or the environment decides. */
    public Optional<String> projectId() {
        return Optional.ofNullable(projectId);
    }

    /** The database id, {@code (default)} unless set. */
    public String databaseId() {
        return databaseId;
    }

    /** The emulator (or test server) address, when set explicitly. */
    public Optional<String> emulatorHost() {
        return Optional.ofNullable(emulatorHost);
    }

    /** The credentials supplier, when set (not printed anywhere). */
    public Optional<Supplier<GoogleCredentials>> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The deadline of each call, retries included. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The deadline of the store's first contact with the server (see {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** An existing client the store uses instead of building one (and does not close). */
    public Optional<Firestore> firestore() {
        return Optional.ofNullable(firestore);
    }

    /** Prepended to every collection name (entities, reservations, migrations); empty by default. */
    public String collectionPrefix() {
        return collectionPrefix;
    }

    /** The collection of the migration lock and history ({@code stratum_migrations} by default, after the prefix). */
    public String migrationsCollection() {
        return migrationsCollection;
    }

    public EntityMapper mapper() {
        return mapper;
    }

    /** The key page cursors are signed with: the configured one, else random per configuration (cursors then end with the store). */
    public CursorKey cursorKey() {
        return cursorKey;
    }

    @Override
    public String toString() {
        return "FirestoreStoreConfig[project=" + (firestore != null ? "<client>" : projectId) + ", database=" + databaseId
                + (emulatorHost == null ? "" : ", emulatorHost=" + emulatorHost) + ", credentials="
                + (credentials == null ? "default" : "<supplied>") + ", requestTimeout=" + requestTimeout
                + (collectionPrefix.isEmpty() ? "" : ", collectionPrefix=" + collectionPrefix) + "]";
    }

    /**
     * Builds a configuration, or a store directly ({@code FirestoreStore.builder()}).
     *
     * @param <R> what {@link #build()} returns
     */
    public static final class Builder<R> {
        private final Function<FirestoreStoreConfig, R> factory;
        private @Nullable String projectId;
        private String databaseId = "(default)";
        private @Nullable String emulatorHost;
        private @Nullable Supplier<GoogleCredentials> credentials;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private @Nullable Firestore firestore;
        private String collectionPrefix = "";
        private String migrationsCollection = "stratum_migrations";
        private EntityMapper mapper = EntityMapper.defaults();
        private @Nullable CursorKey cursorKey;

        Builder(Function<FirestoreStoreConfig, R> factory) {
            this.factory = factory;
        }

        /** Project, database and options from a {@code firestore://} URI (see the class documentation). */
        public Builder<R> uri(String uri) {
            URI u;
            try {
                u = new URI(Objects.requireNonNull(uri, "uri"));
            } catch (URISyntaxException e) {
                throw new ConfigurationException("malformed Firestore URI: " + e.getReason());
            }
            if (!"firestore".equalsIgnoreCase(u.getScheme())) {
                throw new ConfigurationException("a Firestore URI starts with firestore://, not " + u.getScheme() + "://");
            }
            if (u.getUserInfo() != null) {
                throw new ConfigurationException("a Firestore URI carries no credentials; use credentials(...) of the builder");
            }
            String project = u.getHost() != null ? u.getHost() : u.getAuthority();
            if (project == null || project.isEmpty()) {
                throw new ConfigurationException("the Firestore URI names no project: use firestore://PROJECT[/DATABASE]");
            }
            projectId(project);
            String path = u.getPath() == null ? "" : u.getPath();
            if (path.length() > 1) {
                databaseId(path.substring(1));
            }
            if (u.getRawQuery() != null) {
                for (String pair : u.getRawQuery().split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    switch (key) {
                        case "emulatorHost" -> emulatorHost(value);
                        case "timeout", "requestTimeout" -> requestTimeout(parseDuration(key, value));
                        case "connectTimeout" -> connectTimeout(parseDuration(key, value));
                        case "collectionPrefix" -> collectionPrefix(value);
                        case "migrationsCollection" -> migrationsCollection(value);
                        default -> throw new ConfigurationException("unknown Firestore URI option '" + key
                                + "' (known: emulatorHost, timeout, connectTimeout, collectionPrefix, migrationsCollection)");
                    }
                }
            }
            return this;
        }

        public Builder<R> projectId(String projectId) {
            if (!PROJECT.matcher(projectId).matches()) {
                throw new ConfigurationException("'" + projectId + "' is not a Google Cloud project id (lower-case letters, digits, '-')");
            }
            this.projectId = projectId;
            return this;
        }

        public Builder<R> databaseId(String databaseId) {
            if (!DATABASE.matcher(databaseId).matches()) {
                throw new ConfigurationException("'" + databaseId + "' is not a Firestore database id ((default), or 3-63 of a-z 0-9 -)");
            }
            this.databaseId = databaseId;
            return this;
        }

        /** Talks to an emulator or test server at {@code host:port}, without credentials. */
        public Builder<R> emulatorHost(String hostAndPort) {
            if (!HOST_PORT.matcher(hostAndPort).matches()) {
                throw new ConfigurationException("emulator host '" + hostAndPort + "' is not host:port");
            }
            this.emulatorHost = hostAndPort;
            return this;
        }

        /** Credentials, asked for when the client connects. */
        public Builder<R> credentials(Supplier<GoogleCredentials> credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder<R> credentials(GoogleCredentials credentials) {
            Objects.requireNonNull(credentials, "credentials");
            return credentials(() -> credentials);
        }

        public Builder<R> requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigurationException("request timeout must be positive, not " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** The deadline of the store's first contact with the server (default 5 s): a dead server fails the first use within it. */
        public Builder<R> connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigurationException("connect timeout must be positive, not " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Uses an existing client (its project, database and credentials); the store does not close it. */
        public Builder<R> firestore(Firestore firestore) {
            this.firestore = Objects.requireNonNull(firestore, "firestore");
            return this;
        }

        /**
         * The key page cursors are signed with. Default: a random key per store, so cursors do not survive a restart
         * nor travel between instances; configure the same key everywhere for that.
         */
        public Builder<R> cursorKey(CursorKey key) {
            this.cursorKey = Objects.requireNonNull(key, "cursorKey");
            return this;
        }

        public Builder<R> collectionPrefix(String prefix) {
            if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9_-]{1,100}")) {
                throw new ConfigurationException("collection prefix '" + prefix + "' may hold only letters, digits, '_' and '-'");
            }
            this.collectionPrefix = prefix;
            return this;
        }

        public Builder<R> migrationsCollection(String name) {
            if (!name.matches("[A-Za-z0-9_-]{1,100}") || (name.startsWith("__") && name.endsWith("__"))) {
                throw new ConfigurationException("migrations collection '" + name + "' is not a valid collection id");
            }
            this.migrationsCollection = name;
            return this;
        }

        public Builder<R> mapper(EntityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public R build() {
            if (firestore == null && projectId == null && emulatorHost != null) {
                throw new ConfigurationException("an emulator host needs a project id: firestore://PROJECT?emulatorHost=" + emulatorHost);
            }
            if (firestore != null && (emulatorHost != null || credentials != null)) {
                throw new ConfigurationException("an existing Firestore client brings its own connection: do not also set"
                        + " emulatorHost or credentials");
            }
            return factory.apply(new FirestoreStoreConfig(this));
        }

        private static Duration parseDuration(String key, String v) {
            try {
                if (v.startsWith("P") || v.startsWith("p")) {
                    return Duration.parse(v);
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofMillis(Long.parseLong(v));
            } catch (RuntimeException e) {
                throw new ConfigurationException("option " + key + "=" + v + " is not a duration (500ms, 5s, PT5S)");
            }
        }
    }
}
