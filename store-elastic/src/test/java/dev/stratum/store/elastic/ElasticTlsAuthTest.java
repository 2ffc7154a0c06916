package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Repository;
import dev.stratum.testkit.SecretLeaks;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and credentials over a real TLS connection: a loopback proxy ({@link TlsRecordingProxy}) terminates TLS with
 * a self-signed certificate made in the test, records the {@code Authorization} header of every request and
 * forwards it to the test server. The store trusts the proxy through the CA as PEM and as a SHA-256 fingerprint,
 * sends {@code ApiKey …}/{@code Basic …} exactly as configured, asks the credential supplier again for each request
 * (a rotated secret is used at once), and fails with a {@link ConfigurationException} naming TLS when the CA is not
 * the server's. The secret never shows in an exception or a {@code toString()}.
 *
 * <p>Unverified here: that Elasticsearch itself accepts or refuses the credential (the test server runs with
 * security off and ignores the header); the proxy only proves what the store sends.
 */
class ElasticTlsAuthTest {
    private static final String SECRET = SecretLeaks.URI_SPECIAL_PASSWORD;
    private static TlsRecordingProxy proxy;
    private static TlsRecordingProxy.Certificate stranger;
    private static Path certs;

    @Entity("tls_notes")
    record Note(@Id @Nullable String id, String text) {}

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        URI es = URI.create(ElasticTestServer.shared().uri());
        proxy = new TlsRecordingProxy(TlsRecordingProxy.Certificate.generate(dir, "proxy"), es.getHost(), es.getPort());
        stranger = TlsRecordingProxy.Certificate.generate(dir, "stranger");
        certs = dir;
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static ElasticStoreConfig.Builder<ElasticStore> builder() {
        return ElasticStore.builder().hosts(proxy.url()).indexPrefix(ElasticTestServer.uniquePrefix("tls")).replicas(0);
    }

    /** Writes and reads one note; returns the Authorization headers those requests sent. */
    private static List<String> roundTrip(ElasticStore store) {
        int before = proxy.authorizations().size();
        Repository<Note, String> notes = store.repository(Note.class);
        Note n = notes.insert(new Note(null, "over TLS"));
        assertThat(notes.findById(n.id())).contains(n);
        List<String> all = proxy.authorizations();
        return all.subList(before, all.size());
    }

    @Test
    void apiKeyOverTlsWithThePemCaIsSentAsConfiguredAndRotates() {
        AtomicReference<String> key = new AtomicReference<>("a2V5LW9uZTpzZWNyZXQtb25l");
        try (ElasticStore store = builder().caCertificate(proxy.caPem()).apiKey(key::get).build()) {
            List<String> first = roundTrip(store);
            assertThat(first).isNotEmpty().allMatch(h -> h.equals("ApiKey a2V5LW9uZTpzZWNyZXQtb25l"));
            key.set("a2V5LXR3bzpzZWNyZXQtdHdv");
            List<String> rotated = roundTrip(store);
            assertThat(rotated).as("the next requests use the rotated key").isNotEmpty()
                    .allMatch(h -> h.equals("ApiKey a2V5LXR3bzpzZWNyZXQtdHdv"));
            SecretLeaks.assertAbsent("a2V5LXR3bzpzZWNyZXQtdHdv", "the store and its configuration", store, store.config());
        }
    }

    @Test
    void basicAuthOverTlsWithTheCaFingerprintIsSentAsConfiguredAndRotates() {
        AtomicReference<String> password = new AtomicReference<>(SECRET);
        for (String fingerprint : List.of(proxy.fingerprint(), proxy.fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT))) {
            try (ElasticStore store = builder().caFingerprint(fingerprint).basicAuth("app", password::get).build()) {
                password.set(SECRET);
                assertThat(roundTrip(store)).isNotEmpty().allMatch(h -> h.equals(basic("app", SECRET)));
                password.set(SECRET + "-rotated");
                assertThat(roundTrip(store)).as("the next requests use the rotated password").isNotEmpty()
                        .allMatch(h -> h.equals(basic("app", SECRET + "-rotated")));
                SecretLeaks.assertAbsent(SECRET, "the store and its configuration", store, store.config());
            }
        }
    }

    @Test
    void aServerCertificateTheConfiguredCaDidNotSignFailsNamingTls() {
        int before = proxy.authorizations().size();
        for (ElasticStoreConfig.Builder<ElasticStore> b : List.of(builder().caCertificate(stranger.pem()),
                builder().caFingerprint(stranger.sha256()), builder())) {
            try (ElasticStore store = b.basicAuth("app", () -> SECRET).build()) {
                Throwable t = catchThrowable(() -> store.repository(Note.class).count(dev.stratum.api.Query.all()));
                assertThat(t).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("TLS").hasMessageContaining("caCertificate");
                SecretLeaks.assertAbsent(SECRET, "the TLS failure", SecretLeaks.describe(t), store, store.config());
            }
        }
        assertThat(proxy.authorizations()).as("no credential crosses a connection whose server is not trusted").hasSize(before);
    }

    /**
     * A server whose certificate the configured CA issued, but for another host name: refused like an untrusted one
     * (the fingerprint trusts the CA, not the host), before any credential is sent.
     */
    @Test
    void aCertificateForAnotherHostNameFailsNamingTls() throws Exception {
        URI es = URI.create(ElasticTestServer.shared().uri());
        try (TlsRecordingProxy other = new TlsRecordingProxy(TlsRecordingProxy.Certificate.generate(certs, "other", "dns:other.example"),
                es.getHost(), es.getPort())) {
            for (ElasticStoreConfig.Builder<ElasticStore> b : List.of(ElasticStore.builder().hosts(other.url()).caFingerprint(other.fingerprint()),
                    ElasticStore.builder().hosts(other.url()).caCertificate(other.caPem()))) {
                try (ElasticStore store = b.basicAuth("app", () -> SECRET).build()) {
                    Throwable t = catchThrowable(() -> store.repository(Note.class));
                    assertThat(t).isInstanceOf(ConfigurationException.class).hasMessageContaining("TLS");
                    SecretLeaks.assertAbsent(SECRET, "the TLS failure", SecretLeaks.describe(t), store);
                }
            }
            assertThat(other.authorizations()).as("no credential crosses a connection to another host name").isEmpty();
        }
    }

    /** Audit item 20: the TLS URI forms reach the same TLS server, with the CA fingerprint given as a URI option. */
    @Test
    void elasticsearchsAndTlsTrueUrisConnectOverTls() {
        String hostAndPort = proxy.url().substring("https://".length());
        String options = "prefix=" + ElasticTestServer.uniquePrefix("tlsuri") + "&caFingerprint=" + proxy.fingerprint();
        for (String uri : List.of("elasticsearchs://" + hostAndPort + "?" + options, "elasticsearch://" + hostAndPort + "?tls=true&" + options,
                "https://" + hostAndPort + "/?" + options)) {
            try (ElasticStore store = ElasticStore.builder().uri(uri).replicas(0).basicAuth("app", () -> SECRET).build()) {
                assertThat(store.config().hosts()).containsExactly(proxy.url());
                assertThat(store.config().caFingerprint()).contains(proxy.fingerprint());
                assertThat(roundTrip(store)).as(uri).isNotEmpty().allMatch(h -> h.equals(basic("app", SECRET)));
                assertThat(store.health().up()).isTrue();
            }
        }
    }

    /**
     * Audit item 19: a server refusing the credentials (401) or a privilege (403), with Elasticsearch's
     * {@code security_exception} body or a bare status, is a {@link ConfigurationException} naming the status, from
     * {@code repository()} (the first contact) and in {@code health()}; the secret never shows.
     */
    @Test
    void refusedCredentialsAndPrivilegesAreConfigurationErrorsNamingTheStatus() throws Exception {
        URI es = URI.create(ElasticTestServer.shared().uri());
        try (TlsRecordingProxy refusing = new TlsRecordingProxy(TlsRecordingProxy.Certificate.generate(certs, "refusing"), es.getHost(),
                es.getPort())) {
            for (int status : List.of(401, 403)) {
                for (boolean withBody : List.of(true, false)) {
                    refusing.answer(status, withBody);
                    try (ElasticStore store = ElasticStore.builder().hosts(refusing.url()).caFingerprint(refusing.fingerprint())
                            .basicAuth("app", () -> SECRET).build()) {
                        Throwable t = catchThrowable(() -> store.repository(Note.class));
                        assertThat(t).as(status + (withBody ? " with body" : " bare")).isInstanceOf(ConfigurationException.class)
                                .hasMessageContaining("HTTP " + status);
                        if (withBody) {
                            assertThat(t).hasMessageContaining("security_exception");
                        }
                        assertThat(((ConfigurationException) t).errorCode()).isEqualTo(dev.stratum.api.ErrorCode.CONFIGURATION);
                        dev.stratum.api.Health health = store.health();
                        assertThat(health.up()).isFalse();
                        assertThat(health.error()).contains("HTTP " + status);
                        SecretLeaks.assertAbsent(SECRET, "the refusal", SecretLeaks.describe(t), health, store);
                    }
                }
            }
            assertThat(refusing.authorizations()).as("the credential was sent, as configured").isNotEmpty()
                    .allMatch(h -> h.equals(basic("app", SECRET)));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
