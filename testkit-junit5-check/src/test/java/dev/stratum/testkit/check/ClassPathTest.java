package dev.stratum.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.testkit.RepositoryCompatibilityKit;
import java.security.CodeSource;
import org.junit.jupiter.api.Test;

/**
 * What the kits above ran on: JUnit 5, the service's own AssertJ (older than the kit's), and the published testkit
 * jar with its AssertJ relocated — so the other tests of this module prove the kits work there.
 */
class ClassPathTest {
    private static final String SHADED_ASSERTJ = "dev.stratum.testkit.internal.shaded.assertj.core.api.Assertions";

    @Test
    void junitIsTheServicesJUnit5() {
        assertThat(Test.class.getPackage().getImplementationVersion()).as("junit-jupiter-api on the class path").startsWith("5.");
        assertThat(location(org.junit.jupiter.engine.JupiterTestEngine.class)).as("the engine running these tests").contains("/5.");
    }

    @Test
    void assertJIsTheServicesOwnOlderVersion() {
        assertThat(location(org.assertj.core.api.Assertions.class)).as("the service's AssertJ").contains("assertj-core-3.24.");
        // API added in AssertJ 3.25 (the kit is built with 3.27.6): absent here, and the kits ran all the same
        assertThatThrownBy(() -> org.assertj.core.api.Assertions.class.getMethod("assertThatCharSequence", CharSequence.class))
                .isInstanceOf(NoSuchMethodException.class);
        assertThat(org.assertj.core.api.Assertions.class.getMethods()).as("3.24 has no assertThatCharSequence")
                .noneMatch(m -> m.getName().equals("assertThatCharSequence"));
    }

    @Test
    void theKitRunsFromThePublishedJarWithItsOwnRelocatedAssertJ() throws ClassNotFoundException {
        String kitJar = location(RepositoryCompatibilityKit.class);
        assertThat(kitJar).as("the testkit must be the packaged jar (run `verify`), not target/classes").endsWith(".jar");
        Class<?> shaded = Class.forName(SHADED_ASSERTJ);
        assertThat(location(shaded)).as("the kit's AssertJ lives in the testkit jar").isEqualTo(kitJar);
        assertThat(location(shaded)).doesNotContain("assertj-core");
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? "?" : source.getLocation().toString();
    }
}
