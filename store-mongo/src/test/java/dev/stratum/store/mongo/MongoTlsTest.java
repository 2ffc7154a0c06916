package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.testkit.redis.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files, against an in-process server that speaks only TLS, with a CA generated for the test (needs openssl). */
class MongoTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static MongoServer server;
    static int port;

    @Entity("secured")
    record Secret(@Id @Nullable String id, String value) {}

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.generate(dir.resolve("pki"));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certs.serverCertificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(certs.serverKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        server = new MongoServer(new MemoryBackend());
        server.enableSsl(key, null, cert);
        port = server.bind().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void aStoreTrustingTheTestCaTalksTls() {
        try (MongoStore store = MongoStore.builder().uri("mongodb://localhost:" + port + "/tls")
                .trustedCertificates(certs.caCertificate())
                .clientCertificate(certs.clientCertificate(), certs.clientKey())
                .clientSettings(s -> s.applyToClusterSettings(c -> c.serverSelectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS)))
                .build()) {
            assertThat(store.config().sslContext()).isPresent();
            Repository<Secret, String> secrets = store.repository(Secret.class);
            Secret s = secrets.insert(new Secret(null, "over TLS"));
            assertThat(secrets.findById(s.id())).contains(s);
            assertThat(store.health().up()).isTrue();
        }
    }

    @Test
    void aStoreNotTrustingTheServerCertificateCannotConnect() {
        try (MongoStore store = MongoStore.builder().uri("mongodb://localhost:" + port + "/tls?tls=true&serverSelectionTimeoutMS=800").build()) {
            assertThatThrownBy(() -> store.repository(Secret.class)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void malformedPemFilesAreConfigurationErrorsNamingTheFile() throws Exception {
        Path notACert = Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").trustedCertificates(notACert).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not-a-cert.pem");
        Path rsaPkcs1 = Files.writeString(dir.resolve("legacy.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").clientCertificate(certs.clientCertificate(), rsaPkcs1).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("legacy.key").hasMessageContaining("openssl pkcs8")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AAAA"));
    }
}
