package dev.stratum.store.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.testkit.DeadEndpoint;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * #15 security on Firestore: a {@code firestore://} URI carries no credentials, so a secret put into one
 * (raw or percent-encoded, in the user information or an option) is refused without being shown; the
 * emulator host is parsed strictly; a credential given to the builder never shows in an exception, a
 * {@code toString()}, a log line or a span.
 *
 * <p>Unverified here: credentials reaching Google's servers (no network; with an emulator host the client
 * sends none by design).
 */
class FirestoreSecretsTest {
    private static final String SECRET = SecretLeaks.URI_SPECIAL_PASSWORD;

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    private static GoogleCredentials credentials() {
        return GoogleCredentials.create(new AccessToken(SECRET, new Date(System.currentTimeMillis() + 3_600_000)));
    }

    @Test
    void aSecretInAUriIsRefusedWithoutBeingShown() {
        List<String> uris = List.of("firestore://app:" + SECRET + "@my-project", "firestore://app:" + SecretLeaks.percentEncode(SECRET) + "@my-project",
                "firestore://my-project?token=" + SecretLeaks.percentEncode(SECRET));
        for (String uri : uris) {
            Throwable t = catchThrowable(() -> FirestoreStoreConfig.builder().uri(uri).build());
            assertThat(t).isInstanceOf(ConfigurationException.class);
            SecretLeaks.assertAbsent(SECRET, "the message for a URI with a secret", SecretLeaks.describe(t));
        }
        FirestoreStoreConfig ok = FirestoreStoreConfig.builder().uri("firestore://my-project/orders-db?emulatorHost=%5B%3A%3A1%5D%3A8080").build();
        assertThat(ok.emulatorHost()).contains("[::1]:8080");
    }

    @Test
    void aBuilderCredentialNeverShows() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<Object> seen = new ArrayList<>();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
                DeadEndpoint dead = DeadEndpoint.refusing()) {
            String logs = SecretLeaks.capturingOutput(() -> {
                try (FirestoreStore store = FirestoreStore.builder().projectId(FirestoreTestStores.newProject("secrets"))
                        .emulatorHost(FirestoreTestServer.shared().emulatorHost()).credentials(FirestoreSecretsTest::credentials).build()) {
                    Repository<Note, String> notes = Repositories.decorate(store.<Note, String>repository(Note.class))
                            .with(TracingConfig.builder(otel).recordQueryShape(true).build()).build();
                    Note n = notes.insert(new Note(null, "with a credential configured"));
                    assertThat(notes.findById(n.id())).isPresent();
                    seen.add(store);
                    seen.add(store.config());
                    seen.add(store.health());
                }
                try (FirestoreStore store = FirestoreStore.builder().projectId("secrets").emulatorHost(dead.hostAndPort())
                        .credentials(credentials()).build()) {
                    seen.add(store);
                    seen.add(store.health());
                    seen.add(SecretLeaks.describe(catchThrowable(() -> store.repository(Note.class).count(Query.all()))));
                }
            });
            assertThat(spans.getFinishedSpanItems()).isNotEmpty();
            SecretLeaks.assertAbsent(SECRET, "exceptions, toString() or health", seen.toArray());
            SecretLeaks.assertAbsent(SECRET, "the spans", spans.getFinishedSpanItems().toString());
            SecretLeaks.assertAbsent(SECRET, "the log output", logs);
        }
    }
}
