package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Stores;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.redis.RedisTestServer;
import dev.stratum.tracing.TracingConfig;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * #15 security: a password holding every URI-special character ({@code @ : / ? # % +} and a space)
 * connects to a real redis-server, as an ACL user and as the {@code default} user ({@code requirepass}),
 * given raw or percent-encoded in the URI ({@code Stores.open} and the builder) or through the builder's
 * credentials; and the secret never shows in an exception, a {@code toString()}, a log line or a span
 * (a wrong password included).
 */
class RedisSecretsTest {
    private static final String SECRET = SecretLeaks.URI_SPECIAL_PASSWORD;
    private static RedisTestServer server;

    @BeforeAll
    static void secureServer() {
        server = RedisTestServer.startLocal(List.of());
        try (RedisStore admin = RedisStore.builder().uri(server.uri()).build()) {
            @SuppressWarnings("unchecked")
            RedisCommands<String, String> redis = admin.unwrap(RedisCommands.class);
            redis.aclSetuser("app", AclSetuserArgs.Builder.on().addPassword(SECRET).allKeys().allChannels().allCommands());
            redis.configSet("requirepass", SECRET); // the default user now needs it too: nothing connects without a password
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String hostPort() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void everyWayOfGivingThePasswordConnects() {
        String encoded = SecretLeaks.percentEncode(SECRET);
        List<Supplier<Store>> ways = List.of(
                () -> Stores.open("redis://app:" + encoded + "@" + hostPort() + "?keyPrefix=sec1"),
                () -> Stores.open("redis://:" + encoded + "@" + hostPort() + "?keyPrefix=sec2"),          // default user
                () -> RedisStore.builder().uri("redis://app:" + SECRET + "@" + hostPort()).keyPrefix("sec3").build(), // raw, as pasted
                () -> RedisStore.builder().uri("redis://" + hostPort()).credentials("app", SECRET.toCharArray()).keyPrefix("sec4").build(),
                () -> RedisStore.builder().uri("redis://" + hostPort()).credentials(null, SECRET.toCharArray()).keyPrefix("sec5").build());
        for (Supplier<Store> way : ways) {
            try (Store store = way.get()) {
                Repository<Task, String> tasks = store.repository(Task.class);
                Task t = tasks.insert(Task.create("authenticated", Task.Status.OPEN, 1));
                assertThat(tasks.findById(t.id())).isPresent();
                SecretLeaks.assertAbsent(SECRET, "the store's toString()", store, store.toString());
            }
        }
    }

    @Test
    void theSecretNeverShowsInExceptionsToStringLogsOrSpans() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<Object> seen = new ArrayList<>();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            String logs = SecretLeaks.capturingOutput(() -> {
                for (String uri : List.of("redis://app:" + SecretLeaks.percentEncode(SECRET) + "x@" + hostPort(),  // wrong password
                        "redis://app:" + SECRET + "@" + hostPort())) {                                            // right one
                    try (RedisStore store = RedisStore.builder().uri(uri).keyPrefix("leak").build()) {
                        seen.add(store);
                        seen.add(store.config());
                        seen.add(store.health());
                        Repository<Task, String> tasks = Repositories.decorate(store.<Task, String>repository(Task.class))
                                .with(TracingConfig.builder(otel).recordQueryShape(true).build()).build();
                        Throwable t = catchThrowable(() -> tasks.count(Query.all()));
                        if (t != null) {
                            assertThat(t).isInstanceOf(DataAccessException.class);
                            seen.add(SecretLeaks.describe(t));
                        }
                    }
                }
                for (String bad : List.of("redis://app:" + SECRET + "@" + hostPort() + "/notadb", "redis://app:" + SECRET + "@:0")) {
                    seen.add(SecretLeaks.describe(catchThrowable(() -> RedisStore.builder().uri(bad).build())));
                }
            });
            assertThat(seen).hasSizeGreaterThan(6);
            assertThat(spans.getFinishedSpanItems()).isNotEmpty();
            SecretLeaks.assertAbsent(SECRET, "exceptions, toString() or health", seen.toArray());
            SecretLeaks.assertAbsent(SECRET, "the spans", spans.getFinishedSpanItems().toString());
            SecretLeaks.assertAbsent(SECRET, "the log output", logs);
        }
    }
}
