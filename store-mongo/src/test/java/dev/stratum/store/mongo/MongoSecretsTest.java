package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Stores;
import dev.stratum.store.mongo.internal.MongoConnection;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.mongo.MongoTestServer;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * #15 security on MongoDB: a password holding every URI-special character ({@code @ : / ? # % +} and a
 * space), percent-encoded in the URI or given to the builder as a {@link MongoCredential}, reaches the
 * driver exactly; and the secret never shows in an exception, a {@code toString()}, a log line or a span.
 *
 * <p>Unverified here: a successful SCRAM login with such a password. mongo-java-server implements no
 * authentication (it answers {@code saslStart} with "no such command"), so every login is refused,
 * which is what the leak checks need; a real {@code mongod} ({@code STRATUM_MONGODB_URI}) is needed for
 * the login itself.
 */
class MongoSecretsTest {
    private static final String SECRET = SecretLeaks.URI_SPECIAL_PASSWORD;

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    @Test
    void thePasswordReachesTheDriverExactlyFromTheUriAndTheBuilder() {
        String uri = "mongodb://app:" + SecretLeaks.percentEncode(SECRET) + "@db1.example:27017,db2.example/tracker?authSource=admin";
        MongoStoreConfig fromUri = MongoStoreConfig.builder().uri(uri).build();
        MongoCredential c = MongoConnection.settings(fromUri, null).getCredential();
        assertThat(c).isNotNull();
        assertThat(c.getUserName()).isEqualTo("app");
        assertThat(new String(c.getPassword())).isEqualTo(SECRET);
        assertThat(c.getSource()).isEqualTo("admin");

        MongoStoreConfig fromBuilder = MongoStoreConfig.builder().uri("mongodb://db1.example/tracker")
                .credentials(MongoCredential.createScramSha256Credential("app", "admin", SECRET.toCharArray())).build();
        MongoClientSettings s = MongoConnection.settings(fromBuilder, fromBuilder.credentials().orElseThrow().get());
        assertThat(new String(s.getCredential().getPassword())).isEqualTo(SECRET);
        SecretLeaks.assertAbsent(SECRET, "the configurations' toString()", fromUri, fromBuilder, s.toString());
    }

    @Test
    void theSecretNeverShowsInExceptionsToStringLogsOrSpans() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<Object> seen = new ArrayList<>();
        try (MongoTestServer server = MongoTestServer.startInProcess();
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            String hostPort = server.uri().substring("mongodb://".length());
            String logs = SecretLeaks.capturingOutput(() -> {
                try (Store viaUri = Stores.open("mongodb://app:" + SecretLeaks.percentEncode(SECRET) + "@" + hostPort + "/secrets");
                        MongoStore viaBuilder = MongoStore.builder().uri("mongodb://" + hostPort + "/secrets")
                                .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", SECRET.toCharArray()))
                                .build()) {
                    for (Store store : List.of(viaUri, viaBuilder)) {
                        seen.add(store);
                        seen.add(store.health());
                        Throwable t = catchThrowable(() -> {
                            Repository<Note, String> notes = Repositories.decorate(store.<Note, String>repository(Note.class))
                                    .with(TracingConfig.builder(otel).recordQueryShape(true).build()).build();
                            notes.count(Query.all());
                        });
                        assertThat(t).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("authentication");
                        seen.add(SecretLeaks.describe(t));
                    }
                    seen.add(viaBuilder.config());
                }
                for (String bad : List.of("mongodb://app:" + SECRET + "@" + hostPort + "/secrets", "mongodb://app:" + SECRET + "@/x")) {
                    seen.add(SecretLeaks.describe(catchThrowable(() -> MongoStore.builder().uri(bad).build().close())));
                }
            });
            SecretLeaks.assertAbsent(SECRET, "exceptions, toString() or health", seen.toArray());
            // no span here: the store refuses at repository creation (server detection needs a login), before any decorator
            SecretLeaks.assertAbsent(SECRET, "the spans", spans.getFinishedSpanItems().toString());
            SecretLeaks.assertAbsent(SECRET, "the log output", logs);
            assertThat(logs).as("the driver's settings were logged (and checked)").contains("password=<hidden>");
        }
    }
}
