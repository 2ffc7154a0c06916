package dev.stratum.testkit.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.stratum.testkit.redis.Aborts;
import dev.stratum.testkit.redis.Aborts.TestServerUnavailableError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * A test server that cannot start skips the test by default and fails it with {@code STRATUM_TEST_SERVERS=required}
 * (here through the system property, which wins over the environment variable CI sets): checked on
 * {@link ElasticTestServer#start()} with no distribution zip, and with a bogus one that cannot be unpacked.
 * Never the shared server: its one start attempt per JVM is left alone.
 */
class TestServerStartFailureTest {
    private static final String[] PROPERTIES = {Aborts.PROPERTY, "stratum.elasticsearch.zip", "maven.repo.local",
            "stratum.elasticsearch.home"};
    private final Map<String, String> saved = new HashMap<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void save() {
        assumeFalse(ContainerElastic.dockerAvailable(), "Docker is available: ElasticTestServer.start() would use a container");
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) {
                saved.put(p, v);
            }
        }
    }

    @AfterEach
    void restore() {
        for (String p : PROPERTIES) {
            String v = saved.get(p);
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        }
    }

    private void noZipAnywhere() {
        System.setProperty("stratum.elasticsearch.zip", tmp.resolve("missing.zip").toString());
        System.setProperty("maven.repo.local", tmp.resolve("empty-repository").toString());
    }

    private void bogusZip() throws IOException {
        Path zip = Files.writeString(tmp.resolve("elasticsearch-bogus.zip"), "not a zip");
        System.setProperty("stratum.elasticsearch.zip", zip.toString());
        System.setProperty("stratum.elasticsearch.home", tmp.resolve("unpacked").toString());
    }

    @Test
    void aMissingDistributionSkipsByDefault() {
        System.setProperty(Aborts.PROPERTY, "optional");
        noZipAnywhere();
        assertThatThrownBy(ElasticTestServer::start).isExactlyInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Elasticsearch").hasMessageContaining("integ-test-zip").hasMessageContaining("missing.zip");
    }

    @Test
    void aMissingDistributionFailsWhenServersAreRequired() {
        System.setProperty(Aborts.PROPERTY, "required");
        noZipAnywhere();
        assertThatThrownBy(ElasticTestServer::start).isInstanceOf(TestServerUnavailableError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Elasticsearch test server could not start").hasMessageContaining("STRATUM_TEST_SERVERS=required")
                .hasMessageContaining("integ-test-zip")
                .satisfies(e -> assertThat(((TestServerUnavailableError) e).server()).isEqualTo("Elasticsearch"));
    }

    @Test
    void aBogusDistributionSkipsByDefaultAndFailsWhenRequired() throws IOException {
        bogusZip();
        System.setProperty(Aborts.PROPERTY, "optional");
        assertThatThrownBy(ElasticTestServer::start).isExactlyInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cannot unpack").hasMessageContaining("elasticsearch-bogus.zip");
        System.setProperty(Aborts.PROPERTY, "required");
        assertThatThrownBy(ElasticTestServer::start).isInstanceOf(TestServerUnavailableError.class)
                .hasMessageContaining("Elasticsearch").hasMessageContaining("cannot unpack").hasMessageContaining("elasticsearch-bogus.zip")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anUnknownModeIsRefusedRatherThanQuietlySkipping() {
        System.setProperty(Aborts.PROPERTY, "requried");
        assertThatThrownBy(Aborts::serversRequired).isInstanceOf(IllegalStateException.class).hasMessageContaining("requried")
                .hasMessageContaining("'required' or 'optional'");
        System.setProperty(Aborts.PROPERTY, " Required ");
        assertThat(Aborts.serversRequired()).isTrue();
    }
}
