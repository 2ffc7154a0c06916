package dev.stratum.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.store.elastic.internal.ElasticHosts;
import dev.stratum.store.elastic.internal.ElasticUris;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.elasticsearch.client.RestClient;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of an {@link ElasticStore}, validated at {@link Builder#build()}.
 *
 * <pre>{@code
 * ElasticStore store = ElasticStore.builder()
 *         .uri("https://es1.example.net:9200,es2.example.net:9200")
 *         .apiKey(() -> vault.read("es-api-key"))          // asked before every request: rotation works
 *         .caFingerprint("A1:B2:...")                      // or .caCertificate(Path.of("http_ca.crt"))
 *         .indexPrefix("orders_")
 *         .socketTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <p>URIs: {@code http(s)://host[:port][,host[:port]...][/?options]} or
 * {@code elasticsearch://...} (http; {@code tls=true} for https). Options: {@code prefix},
 * {@code refresh} ({@code immediate|wait_for|none}), {@code apiKey}, {@code compression},
 * {@code connectTimeoutMs}, {@code socketTimeoutMs}, {@code caFingerprint}. User information in the URI
 * (or in a URL given to {@link Builder#hosts(String...)}) is basic authentication: it is taken out of the host, so
 * {@link #toString()}, messages, logs and spans never show credentials.
 *
 * <p>{@link Builder#client(ElasticsearchClient)} and {@link Builder#restClient(RestClient)} bring a client configured
 * by its owner: {@code build()} refuses them together with hosts, credentials, TLS material, timeouts or compression,
 * which only configure the client the store builds itself.
 */
public final class ElasticStoreConfig {
    /**
     * How long connecting may take unless configured; also bounds the store's first contact (a cluster
     * health request when the first repository is created), so a dead or silent server fails within it.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a request may wait for its answer unless configured (per operation). */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> hosts;
    private final String indexPrefix;
    private final @Nullable Supplier<String> apiKey;
    private final @Nullable String username;
    private final @Nullable Supplier<String> password;
    private final @Nullable Path caCertificate;
    private final @Nullable String caFingerprint;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration healthTimeout;
    private final boolean compression;
    private final RefreshPolicy refresh;
    private final Map<Class<?>, RefreshPolicy> refreshByType;
    private final int bulkBatchSize;
    private final int fetchSize;
    private final Duration pointInTimeKeepAlive;
    private final Duration ttlSweepInterval;
    private final @Nullable Integer replicas;
    private final String migrationIndex;
    private final EntityMapper mapper;
    private final Clock clock;
    private final @Nullable ElasticsearchClient client;
    private final @Nullable RestClient restClient;
    private final CursorKey cursorKey;

    private ElasticStoreConfig(Builder<?> b) {
        this.hosts = List.copyOf(b.hosts);
        this.indexPrefix = b.indexPrefix;
        this.apiKey = b.apiKey;
        this.username = b.username;
        this.password = b.password;
        this.caCertificate = b.caCertificate;
        this.caFingerprint = b.caFingerprint;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.healthTimeout = b.healthTimeout;
        this.compression = b.compression;
        this.refresh = b.refresh;
        this.refreshByType = Map.copyOf(b.refreshByType);
        this.bulkBatchSize = b.bulkBatchSize;
        this.fetchSize = b.fetchSize;
        this.pointInTimeKeepAlive = b.pointInTimeKeepAlive;
        this.ttlSweepInterval = b.ttlSweepInterval;
        this.replicas = b.replicas;
        this.migrationIndex = b.migrationIndex != null ? b.migrationIndex : b.indexPrefix + "stratum_migrations";
        this.mapper = b.mapper;
        this.clock = b.clock;
        this.client = b.client;
        this.restClient = b.restClient;
        this.cursorKey = b.cursorKey != null ? b.cursorKey : CursorKey.random();
    }

    /** Base URLs ({@code http://host:port}); empty when an existing client was given. */
    public List<String> hosts() {
        return hosts;
    }

    /** Prepended to every index and alias name. */
    public String indexPrefix() {
        return indexPrefix;
    }

    public Optional<Supplier<String>> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public Optional<Supplier<String>> password() {
        return Optional.ofNullable(password);
    }

    public Optional<Path> caCertificate() {
        return Optional.ofNullable(caCertificate);
    }

    public Optional<String> caFingerprint() {
        return Optional.ofNullable(caFingerprint);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    public Duration healthTimeout() {
        return healthTimeout;
    }

    /** Whether request bodies are gzip-compressed. */
    public boolean compression() {
        return compression;
    }

    /** The refresh policy of an entity type. */
    public RefreshPolicy refresh(Class<?> type) {
        return refreshByType.getOrDefault(type, refresh);
    }

    /** The refresh policy of entity types not given their own ({@code refresh(policy)}; {@code IMMEDIATE} by default). */
    public RefreshPolicy defaultRefresh() {
        return refresh;
    }

    public int bulkBatchSize() {
        return bulkBatchSize;
    }

    /** Documents per search request of a stream (and per page of a {@code deleteAll}). */
    public int fetchSize() {
        return fetchSize;
    }

    public Duration pointInTimeKeepAlive() {
        return pointInTimeKeepAlive;
    }

    /** How often expired documents are deleted; zero for never (they are still never returned). */
    public Duration ttlSweepInterval() {
        return ttlSweepInterval;
    }

    /** {@code index.number_of_replicas} of created indexes; empty for the server's default. */
    public Optional<Integer> replicas() {
        return Optional.ofNullable(replicas);
    }

    /** The system index holding the migration history and lock. */
    public String migrationIndex() {
        return migrationIndex;
    }

    public EntityMapper mapper() {
        return mapper;
    }

    public Clock clock() {
        return clock;
    }

    /** The client given to {@link Builder#client(ElasticsearchClient)}, if any (not closed by the store). */
    public Optional<ElasticsearchClient> client() {
        return Optional.ofNullable(client);
    }

    /** The low-level client given to {@link Builder#restClient(RestClient)}, if any (not closed by the store). */
    public Optional<RestClient> restClient() {
        return Optional.ofNullable(restClient);
    }

    /** The key page cursors are signed with: the configured one, else random per configuration (cursors then end with the store). */
    public CursorKey cursorKey() {
        return cursorKey;
    }

    /** Hosts and settings; credentials appear only as {@code apiKey=***} / {@code user=name}. */
    @Override
    public String toString() {
        return "ElasticStoreConfig[hosts=" + (client != null || restClient != null ? "<existing client>" : String.join(",", hosts))
                + ", prefix=" + indexPrefix + (apiKey != null ? ", apiKey=***" : "") + (username != null ? ", user=" + username : "")
                + ", refresh=" + refresh + ", tls=" + hosts.stream().anyMatch(h -> h.startsWith("https")) + "]";
    }

    /**
     * Builds a configuration and hands it to a factory ({@code ElasticStore::create}).
     *
     * @param <S> what {@link #build()} returns
     */
    public static final class Builder<S> {
        private final Function<ElasticStoreConfig, S> factory;
        private final List<String> hosts = new ArrayList<>();
        private String indexPrefix = "";
        private @Nullable Supplier<String> apiKey;
        private @Nullable String username;
        private @Nullable Supplier<String> password;
        private @Nullable Path caCertificate;
        private @Nullable String caFingerprint;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private boolean timeoutsSet;
        private @Nullable String hostUserInfo;
        private int hostUserInfoAt;
        private Duration healthTimeout = Duration.ofSeconds(5);
        private boolean compression;
        private RefreshPolicy refresh = RefreshPolicy.IMMEDIATE;
        private final Map<Class<?>, RefreshPolicy> refreshByType = new HashMap<>();
        private int bulkBatchSize = 1000;
        private int fetchSize = 1000;
        private Duration pointInTimeKeepAlive = Duration.ofMinutes(1);
        private Duration ttlSweepInterval = Duration.ofSeconds(60);
        private @Nullable Integer replicas;
        private @Nullable String migrationIndex;
        private EntityMapper mapper = EntityMapper.defaults();
        private Clock clock = Clock.systemUTC();
        private @Nullable ElasticsearchClient client;
        private @Nullable RestClient restClient;
        private @Nullable CursorKey cursorKey;
        private final List<String> problems = new ArrayList<>();

        public Builder(Function<ElasticStoreConfig, S> factory) {
            this.factory = factory;
        }

        /** Hosts and options from a URI (see the class javadoc); may be combined with the other setters. */
        public Builder<S> uri(String uri) {
            ElasticUris.apply(uri, this);
            return this;
        }

        /**
         * Adds hosts as base URLs ({@code http://h:9200}) or {@code host:port} (http). User information in a URL
         * ({@code https://app:pw@h:9200}, percent-encoded or raw up to the last '@') is taken out of the host and becomes
         * {@link #basicAuth basic authentication}, as in {@link #uri}; hosts carrying different credentials are refused
         * by {@link #build()} (naming their positions, never the secret).
         */
        public Builder<S> hosts(String... hostsOrUrls) {
            for (String h : hostsOrUrls) {
                ElasticHosts.Split split = ElasticHosts.split(h);
                String userInfo = split.userInfo();
                if (userInfo != null) {
                    if (hostUserInfo == null) {
                        hostUserInfo = userInfo;
                        hostUserInfoAt = hosts.size() + 1;
                        basicAuth(ElasticUris.userName(userInfo), ElasticUris.password(userInfo));
                    } else if (!hostUserInfo.equals(userInfo)) {
                        problems.add("hosts #" + hostUserInfoAt + " and #" + (hosts.size() + 1) + " carry different user information"
                                + " (credentials): give them once with basicAuth(...)");
                    }
                }
                hosts.add(split.url());
            }
            return this;
        }

        public Builder<S> indexPrefix(String prefix) {
            this.indexPrefix = prefix;
            return this;
        }

        /** An API key ({@code id:key} encoded in Base64, as Kibana shows it), asked for every request. */
        public Builder<S> apiKey(Supplier<String> apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Basic authentication; the password supplier is asked for every request. */
        public Builder<S> basicAuth(String username, Supplier<String> password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** Trust the CA certificate(s) of this PEM file (e.g. Elasticsearch's {@code http_ca.crt}). */
        public Builder<S> caCertificate(Path pem) {
            this.caCertificate = pem;
            return this;
        }

        /** Trust the server certificate chain whose CA has this SHA-256 fingerprint (hex, colons optional). */
        public Builder<S> caFingerprint(String sha256) {
            this.caFingerprint = sha256;
            return this;
        }

        public Builder<S> connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            this.timeoutsSet = true;
            return this;
        }

        public Builder<S> socketTimeout(Duration timeout) {
            this.socketTimeout = timeout;
            this.timeoutsSet = true;
            return this;
        }

        public Builder<S> healthTimeout(Duration timeout) {
            this.healthTimeout = timeout;
            return this;
        }

        /** Gzip request bodies (and accept gzip responses). */
        public Builder<S> compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        public Builder<S> refresh(RefreshPolicy policy) {
            this.refresh = policy;
            return this;
        }

        public Builder<S> refresh(Class<?> entityType, RefreshPolicy policy) {
            refreshByType.put(entityType, policy);
            return this;
        }

        public Builder<S> bulkBatchSize(int n) {
            this.bulkBatchSize = n;
            return this;
        }

        public Builder<S> fetchSize(int n) {
            this.fetchSize = n;
            return this;
        }

        public Builder<S> pointInTimeKeepAlive(Duration keepAlive) {
            this.pointInTimeKeepAlive = keepAlive;
            return this;
        }

        public Builder<S> ttlSweepInterval(Duration interval) {
            this.ttlSweepInterval = interval;
            return this;
        }

        public Builder<S> replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder<S> migrationIndex(String index) {
            this.migrationIndex = index;
            return this;
        }

        public Builder<S> mapper(EntityMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        public Builder<S> clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Use this client (its transport's mapper is kept; the store does not close it). */
        public Builder<S> client(ElasticsearchClient client) {
            this.client = client;
            return this;
        }

        /** Use this low-level client (the store adds its own JSON mapper; it does not close it). */
        public Builder<S> restClient(RestClient restClient) {
            this.restClient = restClient;
            return this;
        }

        /**
         * The key page cursors are signed with. Default: a random key per store, so cursors do not survive a restart
         * nor travel between instances; configure the same key everywhere for that.
         */
        public Builder<S> cursorKey(CursorKey key) {
            this.cursorKey = Objects.requireNonNull(key, "cursorKey");
            return this;
        }

        /** Records a problem found while parsing a URI; reported by {@link #build()}. */
        public void problem(String problem) {
            problems.add(problem);
        }

        /** Validates and builds. @throws ConfigurationException naming every bad setting */
        public S build() {
            List<String> bad = new ArrayList<>(problems);
            if (hosts.isEmpty() && client == null && restClient == null) {
                bad.add("no host: set uri(...), hosts(...), client(...) or restClient(...)");
            }
            bad.addAll(ElasticHosts.problems(hosts));
            if (client != null || restClient != null) {
                List<String> conflicting = new ArrayList<>();
                Map.of("restClient(...)", client != null && restClient != null, "hosts/uri", !hosts.isEmpty(),
                        "basicAuth (or URI user information)", username != null, "apiKey", apiKey != null, "caCertificate",
                        caCertificate != null, "caFingerprint", caFingerprint != null, "connectTimeout/socketTimeout", timeoutsSet,
                        "compression", compression).forEach((option, set) -> {
                            if (set) {
                                conflicting.add(option);
                            }
                        });
                conflicting.sort(null);
                if (!conflicting.isEmpty()) {
                    bad.add((client != null ? "client(...)" : "restClient(...)") + " cannot be combined with " + String.join(", ", conflicting)
                            + ": those configure the client the store builds itself; configure the given client instead");
                }
            }
            if (!indexPrefix.equals(indexPrefix.toLowerCase(Locale.ROOT)) || indexPrefix.matches(".*[\\\\/*?\"<>| ,#:].*")
                    || indexPrefix.startsWith("_") || indexPrefix.startsWith("-") || indexPrefix.startsWith("+")) {
                bad.add("indexPrefix '" + indexPrefix + "' is not a valid index name start (lower case, none of \\/*?\"<>| ,#:, not _-+ first)");
            }
            positive(bad, "connectTimeout", connectTimeout);
            positive(bad, "socketTimeout", socketTimeout);
            positive(bad, "healthTimeout", healthTimeout);
            positive(bad, "pointInTimeKeepAlive", pointInTimeKeepAlive);
            if (ttlSweepInterval.isNegative()) {
                bad.add("ttlSweepInterval must not be negative");
            }
            if (bulkBatchSize < 1 || bulkBatchSize > 100_000) {
                bad.add("bulkBatchSize must be 1..100000, was " + bulkBatchSize);
            }
            if (fetchSize < 1 || fetchSize > 10_000) {
                bad.add("fetchSize must be 1..10000 (index.max_result_window), was " + fetchSize);
            }
            if (replicas != null && replicas < 0) {
                bad.add("replicas must not be negative");
            }
            if (apiKey != null && username != null) {
                bad.add("both apiKey and basicAuth are set: choose one");
            }
            if (caCertificate != null && !Files.isReadable(caCertificate)) {
                bad.add("caCertificate " + caCertificate + " is not a readable file");
            }
            if (caFingerprint != null && !caFingerprint.replace(":", "").matches("(?i)[0-9a-f]{64}")) {
                bad.add("caFingerprint must be a SHA-256 fingerprint (64 hex digits, colons optional)");
            }
            if (!bad.isEmpty()) {
                throw new ConfigurationException("invalid Elasticsearch store configuration: " + String.join("; ", bad));
            }
            return factory.apply(new ElasticStoreConfig(this));
        }

        private static void positive(List<String> bad, String name, Duration d) {
            if (d.isZero() || d.isNegative()) {
                bad.add(name + " must be positive, was " + d);
            }
        }
    }
}
