package dev.stratum.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.migration.Migration;
import dev.stratum.migrations.MigrationStep;
import dev.stratum.migrations.Migrations;
import dev.stratum.migrations.scanned.ScanLog;
import dev.stratum.migrations.support.TestCompiler;
import dev.stratum.testkit.memory.InMemoryStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathScannerTest {
    @TempDir
    Path tmp;

    @Test
    void findsConcreteMigrationsInAPackageAndItsSubPackages() {
        List<Migration> found = ClasspathScanner.scan("dev.stratum.migrations.scanned", getClass().getClassLoader());
        assertThat(found).extracting(m -> m.getClass().getSimpleName())
                .containsExactlyInAnyOrder("V1__Create_projects", "V2_1__Add_index", "V3__Deeper", "V4__Nested", "V5__Package_private");
    }

    @Test
    void scannedMigrationsRunInVersionOrder() {
        ScanLog.CALLS.clear();
        Migrations.builder().target(InMemoryStore.create()).scan("dev.stratum.migrations.scanned").build().migrate();
        assertThat(ScanLog.CALLS).containsExactly("1", "2.1", "3", "4", "5");
    }

    @Test
    void anUnknownPackageHasNoMigrations() {
        assertThat(ClasspathScanner.scan("no.such.pkg", getClass().getClassLoader())).isEmpty();
    }

    @Test
    void findsMigrationsInsideAJar() throws Exception {
        Path classes = TestCompiler.compile(tmp.resolve("classes"), Map.of(
                "jarred.migrations.V1__Seed", """
                        package jarred.migrations;
                        public class V1__Seed implements dev.stratum.api.migration.Migration {
                            public void up(dev.stratum.api.migration.MigrationContext ctx) {}
                        }
                        """,
                "jarred.migrations.sub.V2__Index", """
                        package jarred.migrations.sub;
                        public class V2__Index implements dev.stratum.api.migration.Migration {
                            public void up(dev.stratum.api.migration.MigrationContext ctx) {}
                            public boolean reversible() { return true; }
                            public void down(dev.stratum.api.migration.MigrationContext ctx) {}
                        }
                        """,
                "jarred.migrations.Helper", """
                        package jarred.migrations;
                        public class Helper {}
                        """));
        Path jar = TestCompiler.jar(classes, tmp.resolve("migrations.jar"), true);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(ClasspathScanner.classNames("jarred.migrations", loader))
                    .containsExactly("jarred.migrations.Helper", "jarred.migrations.V1__Seed", "jarred.migrations.sub.V2__Index");

            Migrations engine = Migrations.builder().target(InMemoryStore.create()).classLoader(loader).scan("jarred.migrations").build();
            assertThat(engine.migrations()).extracting(MigrationStep::description).containsExactly("Seed", "Index");
            assertThat(engine.migrations()).extracting(MigrationStep::checksum).as("code migrations have no implicit checksum").containsOnly("");
            assertThat(engine.migrate().count()).isEqualTo(2);
        }
    }
}
