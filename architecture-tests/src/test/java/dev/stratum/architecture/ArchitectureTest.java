package dev.stratum.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules of the code base, checked on the main classes of every module (this module's test
 * classpath holds them all). A rule that fails names the offending class and dependency.
 */
class ArchitectureTest {
    /** The root package of each shipped module. */
    static final List<String> MODULE_ROOTS = List.of("dev.stratum.api", "dev.stratum.cache", "dev.stratum.tracing",
            "dev.stratum.store.mongo", "dev.stratum.store.redis", "dev.stratum.store.firestore", "dev.stratum.store.elastic", "dev.stratum.migrations", "dev.stratum.backup", "dev.stratum.testkit");

    /** Third-party packages that are a cache, telemetry or store driver: none belongs in {@code api}. */
    static final String[] CACHE_TELEMETRY_AND_DRIVERS = {"com.github.benmanes..", "io.opentelemetry..", "com.mongodb..", "org.bson..",
            "io.lettuce..", "io.netty..", "co.elastic..", "org.elasticsearch..", "com.google.cloud..", "io.grpc.."};

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the testkit jar carries AssertJ relocated below dev.stratum.testkit.internal.shaded: not our code
                .withImportOption(location -> !location.contains("/internal/shaded/"))
                .importPackages("dev.stratum");
    }

    @Test
    void everyModuleIsImported() {
        for (String root : MODULE_ROOTS) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(root)), () -> "no classes of " + root + " on the classpath");
        }
    }

    /**
     * A package together with its {@code internal} (implementation) and {@code event} subpackages is one
     * unit (house style: public types at the root, implementation in {@code internal}, events in
     * {@code event}; an implementation necessarily knows its public types and the root hands it out).
     * Between units — e.g. {@code api} and {@code api.migration}, {@code api} and {@code api.spi} — no cycle.
     */
    static final SliceAssignment PACKAGE_UNITS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            if (!p.startsWith("dev.stratum.")) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(p.replaceFirst("\\.(internal|event)(\\..*)?$", ""));
        }

        @Override
        public String getDescription() {
            return "packages (each with its internal and event subpackages)";
        }
    };

    @Test
    void noPackageCycles() {
        slices().assignedFrom(PACKAGE_UNITS).should().beFreeOfCycles().check(classes);
    }

    @Test
    void apiDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.stratum.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.stratum.cache..", "dev.stratum.tracing..", "dev.stratum.store..",
                        "dev.stratum.migrations..", "dev.stratum.testkit..")
                .check(classes);
    }

    @Test
    void apiUsesNoCacheTelemetryOrDriverLibrary() {
        noClasses().that().resideInAPackage("dev.stratum.api..")
                .should().dependOnClassesThat().resideInAnyPackage(CACHE_TELEMETRY_AND_DRIVERS)
                .check(classes);
    }

    @Test
    void storesUseOnlyTheApi() {
        noClasses().that().resideInAPackage("dev.stratum.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.stratum.cache..", "dev.stratum.tracing..",
                        "dev.stratum.migrations..", "dev.stratum.testkit..")
                .check(classes);
    }

    @Test
    void storesDoNotUseEachOther() {
        slices().matching("dev.stratum.store.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void cacheAndTracingDoNotUseEachOther() {
        noClasses().that().resideInAPackage("dev.stratum.cache..")
                .should().dependOnClassesThat().resideInAPackage("dev.stratum.tracing..").check(classes);
        noClasses().that().resideInAPackage("dev.stratum.tracing..")
                .should().dependOnClassesThat().resideInAPackage("dev.stratum.cache..").check(classes);
    }

    static List<String> moduleRoots() {
        return MODULE_ROOTS;
    }

    @ParameterizedTest
    @MethodSource("moduleRoots")
    void noModuleUsesAnotherModulesInternals(String root) {
        noClasses().that().resideOutsideOfPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
                .check(classes);
    }
}
