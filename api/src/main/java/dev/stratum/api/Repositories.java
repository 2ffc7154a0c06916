package dev.stratum.api;

import dev.stratum.api.cache.CacheConfig;
import dev.stratum.api.cache.CachingRepository;
import dev.stratum.api.tracing.TracingConfig;
import dev.stratum.api.tracing.TracingRepository;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decorates any {@link Repository} — of any store — with cache-aside and OpenTelemetry tracing.
 *
 * <pre>{@code
 * Repository<Task, String> tasks = Repositories.decorate(store.<Task, String>repository(Task.class))
 *         .withCache(CacheConfig.<Task>builder().maximumSize(50_000).remote(redisRemoteCache).build())
 *         .withTracing(openTelemetry)
 *         .build();
 * }</pre>
 *
 * <p><b>Order:</b> whatever order the {@code with…} calls come in, tracing is the outermost decorator
 * and the cache sits inside it: application → tracing → cache → store. So every call is traced,
 * including cache hits, which carry {@code stratum.cache.hit=true} and take microseconds. The result
 * is still a {@code Repository<T, ID>}; {@link Repository#unwrap(Class)} returns a decorator for its own
 * class ({@code CachingRepository.class}, {@code TracingRepository.class}) and otherwise delegates
 * inwards, down to the store's native objects.
 */
public final class Repositories {
    private Repositories() {}

    /** Starts decorating {@code repository}. */
    public static <T, ID> DecoratorBuilder<T, ID> decorate(Repository<T, ID> repository) {
        return new DecoratorBuilder<>(repository);
    }

    /**
     * Collects the decorators to apply; {@link #build()} composes them in the documented order.
     *
     * @param <T> entity type
     * @param <ID> id type
     */
    public static final class DecoratorBuilder<T, ID> {
        private final Repository<T, ID> repository;
        private @Nullable CacheConfig<? super T> cache;
        private @Nullable TracingConfig tracing;

        private DecoratorBuilder(Repository<T, ID> repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        /** Adds cache-aside with this configuration (replacing an earlier one). */
        public DecoratorBuilder<T, ID> withCache(CacheConfig<? super T> config) {
            this.cache = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds tracing and metrics with the defaults of {@link TracingConfig} (replacing an earlier one). */
        public DecoratorBuilder<T, ID> withTracing(OpenTelemetry openTelemetry) {
            return withTracing(TracingConfig.defaults(openTelemetry));
        }

        /** Adds tracing and metrics with this configuration (replacing an earlier one). */
        public DecoratorBuilder<T, ID> withTracing(TracingConfig config) {
            this.tracing = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The decorated repository: tracing outermost, then the cache, then the repository given. */
        public Repository<T, ID> build() {
            Repository<T, ID> r = repository;
            if (cache != null) {
                r = CachingRepository.of(r, cache);
            }
            if (tracing != null) {
                r = TracingRepository.of(r, tracing);
            }
            return r;
        }
    }
}
