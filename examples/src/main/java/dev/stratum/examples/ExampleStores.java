package dev.stratum.examples;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.Store;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.redis.RedisTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Opens the store an example runs on, by name — {@code memory}, {@code mongodb}, {@code redis},
 * {@code elasticsearch} or {@code firestore} — on a real server when its usual variable names one
 * ({@code STRATUM_MONGODB_URI}, {@code STRATUM_REDIS_URI}, {@code STRATUM_ELASTICSEARCH_URI},
 * {@code FIRESTORE_EMULATOR_HOST}), otherwise on an embedded one the testkit starts on a free loopback port:
 * an in-process MongoDB-wire-protocol server, {@code redis-server} from the PATH or the embedded Redis 6.2,
 * Elasticsearch 8.19 from the integ-test zip in the local Maven repository, the in-process Firestore server.
 *
 * <pre>{@code
 * try (ExampleStores.Opened opened = ExampleStores.open("redis", "quickstart")) {
 *     Quickstart.run(opened.store(), System.out);
 * }
 * }</pre>
 */
public final class ExampleStores {
    /** The names {@link #open} accepts. */
    public static final List<String> NAMES = List.of("memory", "mongodb", "redis", "elasticsearch", "firestore");

    private ExampleStores() {}

    /** A store and the embedded servers started for it; closing closes both. */
    public static final class Opened implements AutoCloseable {
        private final Store store;
        private final List<AutoCloseable> servers;

        Opened(Store store, List<AutoCloseable> servers) {
            this.store = store;
            this.servers = servers;
        }

        /** The opened store. */
        public Store store() {
            return store;
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                for (AutoCloseable s : servers) {
                    try {
                        s.close();
                    } catch (Exception e) {
                        // the example is over: a server that does not stop cleanly changes nothing for it
                    }
                }
            }
        }
    }

    /**
     * Opens the named store; {@code name} (database, key prefix, index prefix or collection prefix)
     * keeps one example's data apart from another's on a shared server.
     *
     * @throws IllegalArgumentException naming the accepted stores when {@code kind} is none of them
     */
    public static Opened open(String kind, String name) {
        List<AutoCloseable> servers = new ArrayList<>();
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "memory":
                return new Opened(InMemoryStore.create(), servers);
            case "mongodb": {
                String uri = env("STRATUM_MONGODB_URI");
                if (uri == null) {
                    MongoServer embedded = new MongoServer(new MemoryBackend());
                    embedded.bind("127.0.0.1", 0);
                    servers.add(embedded::shutdownNow);
                    uri = "mongodb://127.0.0.1:" + embedded.getLocalAddress().getPort();
                }
                return new Opened(MongoStore.builder().uri(uri).database(name).build(), servers);
            }
            case "redis": {
                String uri = env("STRATUM_REDIS_URI");
                if (uri == null) {
                    RedisTestServer server = RedisTestServer.start();
                    servers.add(server);
                    uri = server.uri();
                }
                return new Opened(RedisStore.builder().uri(uri).keyPrefix(name).build(), servers);
            }
            case "elasticsearch": {
                String uri = env("STRATUM_ELASTICSEARCH_URI");
                if (uri == null) {
                    ElasticTestServer server = ElasticTestServer.start();
                    servers.add(server);
                    uri = server.uri();
                }
                return new Opened(ElasticStore.builder().uri(uri).indexPrefix(name).build(), servers);
            }
            case "firestore": {
                String host = env("FIRESTORE_EMULATOR_HOST");
                if (host == null) {
                    FirestoreTestServer server = FirestoreTestServer.start();
                    servers.add(server);
                    host = server.emulatorHost();
                }
                return new Opened(FirestoreStore.builder().uri("firestore://stratum-examples?emulatorHost=" + host)
                        .collectionPrefix(name + "_").build(), servers);
            }
            default:
                throw new IllegalArgumentException("unknown store '" + kind + "': use one of " + NAMES);
        }
    }

    private static @Nullable String env(String variable) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? null : v;
    }
}
