package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Stores;
import dev.stratum.testkit.DeadEndpoint;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.elastic.ElasticTestServer;
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
 * #15 security on Elasticsearch: a password (and an API key) holding every URI-special character
 * ({@code @ : / ? # % +} and a space), percent-encoded in the URI or given to the builder, is parsed
 * exactly; requests carry it; and the secret never shows in an exception, a {@code toString()}, a log
 * line or a span.
 *
 * <p>Unverified here: a login refused or accepted by a secured server. The test server runs with
 * {@code xpack.security.enabled=false} (it ignores the {@code Authorization} header), so "connecting
 * works" below only shows that the credentials do not break requests.
 */
class ElasticSecretsTest {
    private static final String SECRET = SecretLeaks.URI_SPECIAL_PASSWORD;

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    private static ElasticStoreConfig config(String uri) {
        return new ElasticStoreConfig.Builder<ElasticStoreConfig>(c -> c).uri(uri).build();
    }

    @Test
    void percentEncodedCredentialsParseExactly() {
        ElasticStoreConfig c = config("https://app:" + SecretLeaks.percentEncode(SECRET) + "@es1.example:9200,es2.example");
        assertThat(c.username()).contains("app");
        assertThat(c.password().orElseThrow().get()).isEqualTo(SECRET);
        assertThat(c.hosts()).containsExactly("https://es1.example:9200", "https://es2.example:9200");
        ElasticStoreConfig key = config("http://es1.example:9200?apiKey=" + SecretLeaks.percentEncode(SECRET));
        assertThat(key.apiKey().orElseThrow().get()).isEqualTo(SECRET);
        ElasticStoreConfig raw = config("http://app:a+b%zz@es1.example:9200");
        assertThat(raw.password().orElseThrow().get()).as("a raw '+' and a stray '%' are kept").isEqualTo("a+b%zz");
        ElasticStoreConfig pasted = config("http://app:" + SECRET + "@es1.example:9200");
        assertThat(pasted.password().orElseThrow().get()).as("a raw password, as pasted: user information ends at the last '@'")
                .isEqualTo(SECRET);
        assertThat(pasted.hosts()).containsExactly("http://es1.example:9200");
        SecretLeaks.assertAbsent(SECRET, "the configurations' toString()", c, key, pasted);
    }

    @Test
    void requestsWithTheCredentialsWorkAndTheSecretNeverShows() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<Object> seen = new ArrayList<>();
        String server = ElasticTestServer.shared().uri().replaceFirst("^https?://", "");
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
                DeadEndpoint dead = DeadEndpoint.refusing()) {
            String logs = SecretLeaks.capturingOutput(() -> {
                try (Store store = Stores.open("http://app:" + SecretLeaks.percentEncode(SECRET) + "@" + server + "?prefix="
                        + ElasticTestServer.uniquePrefix("secrets"))) {
                    Repository<Note, String> notes = Repositories.decorate(store.<Note, String>repository(Note.class))
                            .with(TracingConfig.builder(otel).recordQueryShape(true).build()).build();
                    Note n = notes.insert(new Note(null, "with credentials"));
                    assertThat(notes.findById(n.id())).isPresent();
                    seen.add(store);
                    seen.add(store.health());
                }
                try (ElasticStore store = ElasticStore.builder().uri("http://" + dead.hostAndPort()).basicAuth("app", () -> SECRET).build();
                        ElasticStore keyed = ElasticStore.builder().uri("http://" + dead.hostAndPort()).apiKey(() -> SECRET).build()) {
                    for (ElasticStore s : List.of(store, keyed)) {
                        seen.add(s);
                        seen.add(s.config());
                        seen.add(s.health());
                        seen.add(SecretLeaks.describe(catchThrowable(() -> s.repository(Note.class).count(Query.all()))));
                    }
                }
                seen.add(SecretLeaks.describe(catchThrowable(() -> config("ftp://app:" + SECRET + "@es1:9200"))));
                seen.add(SecretLeaks.describe(catchThrowable(() -> config("http://app:" + SECRET + "@es1:9200/path?nope=1"))));
            });
            assertThat(spans.getFinishedSpanItems()).isNotEmpty();
            SecretLeaks.assertAbsent(SECRET, "exceptions, toString() or health", seen.toArray());
            SecretLeaks.assertAbsent(SECRET, "the spans", spans.getFinishedSpanItems().toString());
            SecretLeaks.assertAbsent(SECRET, "the log output", logs);
        }
    }
}
