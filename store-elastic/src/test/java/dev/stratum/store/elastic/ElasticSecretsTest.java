package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Health;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Stores;
import dev.stratum.testkit.DeadEndpoint;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Duration;
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

    /**
     * Audit item 1: user information in a URL given to {@code hosts(...)} becomes basic authentication, as in
     * {@code uri(...)}, and the host is kept without it, so neither the configuration, the store, a health message, a
     * failure of {@code repository()} nor the repository's {@code storeInfo} shows it.
     */
    @Test
    void hostsWithCredentialsAreBasicAuthAndTheSecretNeverShows() {
        for (String userInfo : List.of("app:" + SECRET, "app:" + SecretLeaks.percentEncode(SECRET))) {
            ElasticStoreConfig c = new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x)
                    .hosts("https://" + userInfo + "@es1.example:9200", "https://" + userInfo + "@es2.example:9201", "es3.example:9202").build();
            assertThat(c.username()).contains("app");
            assertThat(c.password().orElseThrow().get()).isEqualTo(SECRET);
            assertThat(c.hosts()).containsExactly("https://es1.example:9200", "https://es2.example:9201", "http://es3.example:9202");
            SecretLeaks.assertAbsent(SECRET, "the configuration's toString()", c, c.hosts());
        }
        Throwable different = catchThrowable(() -> new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x)
                .hosts("http://app:" + SECRET + "@es1.example:9200", "http://app:other-" + SECRET + "@es2.example:9200").build());
        assertThat(different).isInstanceOf(ConfigurationException.class).hasMessageContaining("hosts #1 and #2");
        SecretLeaks.assertAbsent(SECRET, "the refusal of different credentials", SecretLeaks.describe(different));

        List<Object> seen = new ArrayList<>();
        String server = ElasticTestServer.shared().uri().replaceFirst("^https?://", "");
        try (DeadEndpoint refusing = DeadEndpoint.refusing(); DeadEndpoint blackHole = DeadEndpoint.blackHole()) {
            String logs = SecretLeaks.capturingOutput(() -> {
                for (String userInfo : List.of("app:" + SECRET, "app:" + SecretLeaks.percentEncode(SECRET))) {
                    try (ElasticStore store = ElasticStore.builder().hosts("http://" + userInfo + "@" + server)
                            .indexPrefix(ElasticTestServer.uniquePrefix("secrets")).replicas(0).build()) {
                        Repository<Note, String> notes = store.repository(Note.class);
                        Note n = notes.insert(new Note(null, "with credentials in hosts"));
                        assertThat(notes.findById(n.id())).isPresent();
                        Health health = store.health();
                        assertThat(health.up()).isTrue();
                        StoreInfo info = notes.storeInfo();
                        assertThat(info.serverAddress()).isEqualTo(URI.create(ElasticTestServer.shared().uri()).getHost());
                        seen.addAll(List.of(store, store.config(), health, info));
                    }
                    for (DeadEndpoint dead : List.of(refusing, blackHole)) {
                        try (ElasticStore store = ElasticStore.builder().hosts("http://" + userInfo + "@" + dead.hostAndPort())
                                .connectTimeout(Duration.ofSeconds(1)).healthTimeout(Duration.ofSeconds(1)).build()) {
                            Health health = store.health();
                            assertThat(health.up()).isFalse();
                            Throwable failure = catchThrowable(() -> store.repository(Note.class));
                            assertThat(failure).isInstanceOf(StoreUnavailableException.class).hasMessageContaining(dead.hostAndPort());
                            seen.addAll(List.of(store, store.config(), health, health.details(), SecretLeaks.describe(failure)));
                        }
                    }
                }
            });
            SecretLeaks.assertAbsent(SECRET, "toString(), health, storeInfo and repository() failures", seen.toArray());
            SecretLeaks.assertAbsent(SecretLeaks.percentEncode(SECRET), "the same, percent-encoded", seen.toArray());
            SecretLeaks.assertAbsent(SECRET, "the log output", logs);
        }
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
