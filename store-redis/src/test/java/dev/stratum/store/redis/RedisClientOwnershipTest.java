package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Repository;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The driver's own resources, options and clients: used as given, never shut down by the store (real redis-server). */
class RedisClientOwnershipTest {
    @Entity("owned_notes")
    record Note(@Id @Nullable String id, String text) {}

    private static String prefix() {
        return "o" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aGivenClientIsUsedAndStaysOpenAfterTheStoreCloses() {
        RedisClient client = RedisClient.create();
        try {
            try (RedisStore store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix(prefix()).client(client).build()) {
                assertThat(store.unwrap(RedisClient.class)).isSameAs(client);
                Repository<Note, String> notes = store.repository(Note.class);
                Note n = notes.insert(new Note(null, "on the service's client"));
                assertThat(notes.findById(n.id())).contains(n);
            }
            try (StatefulRedisConnection<String, String> c = client.connect(io.lettuce.core.RedisURI.create(RedisTestServer.shared().uri()))) {
                assertThat(c.sync().ping()).as("the client still works after the store closed").isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void sharedResourcesAndOptionsReachTheStoresClientAndSurviveIt() {
        ClientResources resources = DefaultClientResources.create();
        AtomicBoolean customised = new AtomicBoolean();
        try {
            try (RedisStore store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix(prefix()).clientResources(resources)
                    .clientOptions(o -> {
                        customised.set(true);
                        o.pingBeforeActivateConnection(true);
                    }).build()) {
                RedisClient client = store.unwrap(RedisClient.class);
                assertThat(client.getResources()).isSameAs(resources);
                assertThat(client.getOptions().isPingBeforeActivateConnection()).isTrue();
                assertThat(client.getOptions().getDisconnectedBehavior()).as("Stratum's default kept")
                        .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
                assertThat(customised).isTrue();
                Repository<Note, String> notes = store.repository(Note.class);
                assertThat(notes.findById(notes.insert(new Note(null, "x")).id())).isPresent();
            }
            assertThat(resources.eventExecutorGroup().isShuttingDown()).as("shared resources are not shut down by the store").isFalse();
        } finally {
            resources.shutdown();
        }
    }

    @Test
    void aGivenClientMustFitTheModeAndExcludesResourcesAndOptions() {
        RedisClient client = RedisClient.create();
        RedisClusterClient cluster = RedisClusterClient.create("redis://localhost:1");
        try {
            assertThatThrownBy(() -> RedisStoreConfig.builder().uri("redis-cluster://localhost:7000").client(client).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("RedisClusterClient");
            assertThatThrownBy(() -> RedisStoreConfig.builder().uri("redis://localhost:6379").client(cluster).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not fit");
            assertThatThrownBy(() -> RedisStoreConfig.builder().client(client).clientOptions(o -> {}).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("client(...)");
            assertThat(RedisStoreConfig.builder().client(client).build().client()).containsSame(client);
        } finally {
            client.shutdown();
            cluster.shutdown();
        }
    }
}
