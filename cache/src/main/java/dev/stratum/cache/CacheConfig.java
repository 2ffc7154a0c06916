package dev.stratum.cache;

import dev.stratum.api.spi.RemoteCache;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.RepositoryDecorator;
import dev.stratum.cache.event.CacheEventListener;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of the caching decorator, built with {@link #builder()} and validated at
 * {@link Builder#build()}; pass it to {@code Repositories.decorate(repo).with(config)}, which places
 * the cache next to the store (inside tracing).
 *
 * <pre>{@code
 * CacheConfig<Task> config = CacheConfig.<Task>builder()
 *         .maximumSize(50_000)
 *         .ttl(Duration.ofMinutes(5))            // L1 and L2, shortened by up to 10 % jitter per entry
 *         .negativeTtl(Duration.ofSeconds(5))    // "no such id" is remembered this long
 *         .remote(redisRemoteCache)              // optional shared L2 + cross-instance invalidation
 *         .entityTags(task -> Set.of("user:" + task.assigneeId()))
 *         .queryTags(QueryTags.whenEquals("assigneeId", v -> "user:" + v))
 *         .listener(event -> log.info("cache event {}", event))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: 10,000 entries, TTL 5 minutes (L2 the same), jitter 0.1, negative TTL 5 s, remote
 * timeout 50 ms, remote retry interval 1 s, second invalidation 500 ms after each write, key prefix
 * {@code stratum:cache:}, no query caching.
 *
 * @param <T> entity type (the tag function reads it)
 */
public final class CacheConfig<T> implements RepositoryDecorator<T> {
    private final @Nullable String name;
    private final long maximumSize;
    private final Duration ttl;
    /** null: follows {@link #ttl} (kept unresolved so that {@code from(this).ttl(x)} moves it too). */
    private final @Nullable Duration remoteTtl;
    private final double jitter;
    private final Duration negativeTtl;
    private final @Nullable RemoteCache remote;
    private final Duration remoteTimeout;
    private final Duration remoteRetryInterval;
    private final Duration secondInvalidationDelay;
    private final String keyPrefix;
    private final EntityMapper mapper;
    private final Function<? super T, ? extends Collection<String>> entityTags;
    private final @Nullable Function<? super Query, ? extends Collection<String>> queryTags;
    private final long maximumQueries;
    /** null: follows {@link #ttl}, like {@link #remoteTtl}. */
    private final @Nullable Duration queryTtl;
    private final CacheEventListener listener;
    private final LongSupplier ticker;

    private CacheConfig(Builder<T> b) {
        this.name = b.name;
        this.maximumSize = b.maximumSize;
        this.ttl = b.ttl;
        this.remoteTtl = b.remoteTtl;
        this.jitter = b.jitter;
        this.negativeTtl = b.negativeTtl;
        this.remote = b.remote;
        this.remoteTimeout = b.remoteTimeout;
        this.remoteRetryInterval = b.remoteRetryInterval;
        this.secondInvalidationDelay = b.secondInvalidationDelay;
        this.keyPrefix = b.keyPrefix;
        this.mapper = b.mapper;
        this.entityTags = b.entityTags;
        this.queryTags = b.queryTags;
        this.maximumQueries = b.maximumQueries;
        this.queryTtl = b.queryTtl;
        this.listener = b.listener;
        this.ticker = b.ticker;
    }

    /** A builder with the defaults. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** A builder starting from {@code base}'s settings. */
    public static <T> Builder<T> from(CacheConfig<T> base) {
        return new Builder<T>().copy(base);
    }

    /** The defaults: L1 only, no query caching. */
    public static <T> CacheConfig<T> defaults() {
        return CacheConfig.<T>builder().build();
    }

    /** {@link RepositoryDecorator.Layer#CACHE}: next to the store. */
    @Override
    public Layer layer() {
        return Layer.CACHE;
    }

    /** A {@link CachingRepository} with this configuration around {@code repository}. */
    @Override
    public <X extends T, ID> Repository<X, ID> decorate(Repository<X, ID> repository) {
        return CachingRepository.of(repository, this);
    }

    /** The cache's name, if set; by default the decorated repository's namespace and collection. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The most entities the L1 holds (least-recently/frequently used ones go first). */
    public long maximumSize() {
        return maximumSize;
    }

    /** The L1 time-to-live of an entity (before jitter). */
    public Duration ttl() {
        return ttl;
    }

    /** The L2 time-to-live of an entity (before jitter); {@link #ttl()} unless set. */
    public Duration remoteTtl() {
        return remoteTtl == null ? ttl : remoteTtl;
    }

    /** Each entry lives for TTL × (1 − jitter × r), r uniform in [0, 1): expiries of a burst of loads spread out. */
    public double jitter() {
        return jitter;
    }

    /** How long a missing id is remembered in L1; {@link Duration#ZERO} disables negative caching. */
    public Duration negativeTtl() {
        return negativeTtl;
    }

    /** The shared L2 and invalidation bus, if any. */
    public Optional<RemoteCache> remote() {
        return Optional.ofNullable(remote);
    }

    /** How long a read or invalidation waits for the remote cache before treating it as failed. */
    public Duration remoteTimeout() {
        return remoteTimeout;
    }

    /** After a remote failure, how long the remote cache is left alone before it is probed again. */
    public Duration remoteRetryInterval() {
        return remoteRetryInterval;
    }

    /**
     * How long after a write the L2 keys are deleted and the invalidation published a second time,
     * catching a concurrent load (on any instance) that read the old value before the write and
     * stored it after the first invalidation; {@link Duration#ZERO} disables it. Only with a remote cache.
     */
    public Duration secondInvalidationDelay() {
        return secondInvalidationDelay;
    }

    /** The prefix of every L2 key and invalidation channel. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The mapper that encodes entities as JSON for the L2. */
    public EntityMapper mapper() {
        return mapper;
    }

    /** The tags of an entity: a write of it invalidates the cached queries carrying any of them. */
    public Function<? super T, ? extends Collection<String>> entityTags() {
        return entityTags;
    }

    /** The tags of a query's result, or empty when query results are not cached. */
    public Optional<Function<? super Query, ? extends Collection<String>>> queryTags() {
        return Optional.ofNullable(queryTags);
    }

    /** The most query results the L1 holds. */
    public long maximumQueries() {
        return maximumQueries;
    }

    /** The time-to-live of a cached query result (before jitter); {@link #ttl()} unless set. */
    public Duration queryTtl() {
        return queryTtl == null ? ttl : queryTtl;
    }

    /** Receives cache events. */
    public CacheEventListener listener() {
        return listener;
    }

    /** The nanosecond time source of expiry and retry decisions ({@link System#nanoTime()} unless set). */
    public LongSupplier ticker() {
        return ticker;
    }

    @Override
    public String toString() {
        return "CacheConfig[name=" + name + ", maximumSize=" + maximumSize + ", ttl=" + ttl + ", remoteTtl=" + remoteTtl()
                + ", jitter=" + jitter + ", negativeTtl=" + negativeTtl + ", remote=" + (remote != null) + ", remoteTimeout="
                + remoteTimeout + ", queryCaching=" + (queryTags != null) + "]";
    }

    /**
     * Builds a {@link CacheConfig}.
     *
     * @param <T> entity type
     */
    public static final class Builder<T> {
        private @Nullable String name;
        private long maximumSize = 10_000;
        private Duration ttl = Duration.ofMinutes(5);
        private @Nullable Duration remoteTtl;
        private double jitter = 0.1;
        private Duration negativeTtl = Duration.ofSeconds(5);
        private @Nullable RemoteCache remote;
        private Duration remoteTimeout = Duration.ofMillis(50);
        private Duration remoteRetryInterval = Duration.ofSeconds(1);
        private Duration secondInvalidationDelay = Duration.ofMillis(500);
        private String keyPrefix = "stratum:cache:";
        private EntityMapper mapper = EntityMapper.defaults();
        private Function<? super T, ? extends Collection<String>> entityTags = e -> Set.of();
        private @Nullable Function<? super Query, ? extends Collection<String>> queryTags;
        private long maximumQueries = 1_000;
        private @Nullable Duration queryTtl;
        private CacheEventListener listener = e -> {};
        private LongSupplier ticker = System::nanoTime;

        private Builder() {}

        private Builder<T> copy(CacheConfig<T> c) {
            name = c.name;
            maximumSize = c.maximumSize;
            ttl = c.ttl;
            remoteTtl = c.remoteTtl;
            jitter = c.jitter;
            negativeTtl = c.negativeTtl;
            remote = c.remote;
            remoteTimeout = c.remoteTimeout;
            remoteRetryInterval = c.remoteRetryInterval;
            secondInvalidationDelay = c.secondInvalidationDelay;
            keyPrefix = c.keyPrefix;
            mapper = c.mapper;
            entityTags = c.entityTags;
            queryTags = c.queryTags;
            maximumQueries = c.maximumQueries;
            queryTtl = c.queryTtl;
            listener = c.listener;
            ticker = c.ticker;
            return this;
        }

        /**
         * The cache's name in L2 keys ({@code keyPrefix + name + '#' + id}), the invalidation channel
         * ({@code keyPrefix + name + "#invalidations"}) and events (default: {@code namespace/collection}).
         * Instances sharing an L2 must use the same name for the same entity; no whitespace or {@code #}.
         */
        public Builder<T> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The most entities in L1 (default 10,000). */
        public Builder<T> maximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
            return this;
        }

        /** The TTL of L1 entries, and of L2 entries unless {@link #remoteTtl} is set (default 5 min). */
        public Builder<T> ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The TTL of L2 entries (default: {@link #ttl}). */
        public Builder<T> remoteTtl(Duration remoteTtl) {
            this.remoteTtl = Objects.requireNonNull(remoteTtl, "remoteTtl");
            return this;
        }

        /** The TTL jitter fraction in [0, 0.5] (default 0.1); 0 disables it. */
        public Builder<T> jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** The TTL of "no such id" entries (default 5 s); {@link Duration#ZERO} disables negative caching. */
        public Builder<T> negativeTtl(Duration negativeTtl) {
            this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
            return this;
        }

        /** A shared L2 and invalidation bus (default none). */
        public Builder<T> remote(@Nullable RemoteCache remote) {
            this.remote = remote;
            return this;
        }

        /** How long to wait for the remote cache (default 50 ms). */
        public Builder<T> remoteTimeout(Duration remoteTimeout) {
            this.remoteTimeout = Objects.requireNonNull(remoteTimeout, "remoteTimeout");
            return this;
        }

        /** How long to leave a failed remote cache alone before probing it (default 1 s). */
        public Builder<T> remoteRetryInterval(Duration remoteRetryInterval) {
            this.remoteRetryInterval = Objects.requireNonNull(remoteRetryInterval, "remoteRetryInterval");
            return this;
        }

        /** Delay of the second L2 invalidation after a write (default 500 ms); {@link Duration#ZERO} disables it. */
        public Builder<T> secondInvalidationDelay(Duration delay) {
            this.secondInvalidationDelay = Objects.requireNonNull(delay, "secondInvalidationDelay");
            return this;
        }

        /** The prefix of L2 keys and channels (default {@code stratum:cache:}). */
        public Builder<T> keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** The mapper encoding L2 values (default {@link EntityMapper#defaults()}; use the store's if customised). */
        public Builder<T> mapper(EntityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * The tags of an entity, e.g. {@code task -> Set.of("user:" + task.assigneeId())}. A write of the
         * entity through the decorator invalidates every cached query carrying one of them.
         */
        public Builder<T> entityTags(Function<? super T, ? extends Collection<String>> entityTags) {
            this.entityTags = Objects.requireNonNull(entityTags, "entityTags");
            return this;
        }

        /**
         * Turns on query-result caching: {@code find(query)} results are cached when this function gives
         * the query at least one tag (see {@link QueryTags}). A tag promises that only entities carrying it
         * can enter the result; entities leave a result only through writes of their id, which invalidate
         * every cached result containing it. Offset queries are never cached.
         */
        public Builder<T> queryTags(Function<? super Query, ? extends Collection<String>> queryTags) {
            this.queryTags = Objects.requireNonNull(queryTags, "queryTags");
            return this;
        }

        /** The most cached query results (default 1,000). */
        public Builder<T> maximumQueries(long maximumQueries) {
            this.maximumQueries = maximumQueries;
            return this;
        }

        /** The TTL of cached query results (default: {@link #ttl}). */
        public Builder<T> queryTtl(Duration queryTtl) {
            this.queryTtl = Objects.requireNonNull(queryTtl, "queryTtl");
            return this;
        }

        /** Receives cache events (default: none). */
        public Builder<T> listener(CacheEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The nanosecond time source (tests use a fake one; default {@link System#nanoTime()}). */
        public Builder<T> ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Validates and builds. @throws ConfigurationException naming the bad setting */
        public CacheConfig<T> build() {
            if (maximumSize <= 0) {
                throw new ConfigurationException("cache maximumSize must be > 0, was " + maximumSize);
            }
            if (maximumQueries <= 0) {
                throw new ConfigurationException("cache maximumQueries must be > 0, was " + maximumQueries);
            }
            positive("ttl", ttl);
            if (remoteTtl != null) {
                positive("remoteTtl", remoteTtl);
            }
            if (queryTtl != null) {
                positive("queryTtl", queryTtl);
            }
            positive("remoteTimeout", remoteTimeout);
            positive("remoteRetryInterval", remoteRetryInterval);
            notNegative("negativeTtl", negativeTtl);
            notNegative("secondInvalidationDelay", secondInvalidationDelay);
            if (!(jitter >= 0 && jitter <= 0.5)) {
                throw new ConfigurationException("cache jitter must be within [0, 0.5], was " + jitter);
            }
            if (name != null && (name.isEmpty() || name.indexOf('#') >= 0 || name.chars().anyMatch(Character::isWhitespace))) {
                throw new ConfigurationException("cache name must be non-empty, without whitespace and '#', was '" + name + "'");
            }
            return new CacheConfig<>(this);
        }

        private static void positive(String what, Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new ConfigurationException("cache " + what + " must be > 0, was " + d);
            }
        }

        private static void notNegative(String what, Duration d) {
            if (d.isNegative()) {
                throw new ConfigurationException("cache " + what + " must be >= 0, was " + d);
            }
        }
    }
}
