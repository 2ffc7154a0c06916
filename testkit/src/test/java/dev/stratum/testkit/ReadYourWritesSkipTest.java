package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.stratum.api.Capability;
import dev.stratum.api.Repository;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit on a store that declares everything but {@link Capability#READ_YOUR_WRITES}: every group that queries after
 * writing is skipped with a reason naming the capability, the id-only groups run and pass, nothing fails. Runs the kit
 * through the JUnit Platform Launcher to see the skip reasons.
 */
class ReadYourWritesSkipTest {

    /** Not run by surefire itself (an inner class); selected below. */
    static class LaggingKit extends RepositoryCompatibilityKit {
        private static final LimitedStore STORE = new LimitedStore("lagging",
                EnumSet.complementOf(EnumSet.of(Capability.TRANSACTIONS, Capability.TEXT_SEARCH, Capability.TTL, Capability.NATIVE_AGGREGATION,
                        Capability.ORDER_BY_DROPS_MISSING, Capability.NE_DROPS_MISSING, Capability.UNTYPED_FIELD_QUERIES_REFUSED)), false);

        @Override
        protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
            return STORE.repository(entityType);
        }
    }

    @Test
    void groupsThatQueryAfterWritingAreSkippedNamingTheCapability() {
        Map<String, String> skipped = new ConcurrentHashMap<>();
        List<String> passed = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(LaggingKit.class)).build(), new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skipped.put(id.getUniqueId(), reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(id.getUniqueId());
                } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.add(id.getUniqueId() + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
                } else {
                    skipped.put(id.getUniqueId(), result.getThrowable().map(Throwable::getMessage).orElse(""));
                }
            }
        });
        assertThat(failed).isEmpty();
        assertThat(passed).as("the id-only audit group runs").anyMatch(id -> id.contains("Audit"))
                .allMatch(id -> id.contains("Audit") || id.contains("StoreEntryPoints"));
        assertThat(skipped).as("the query groups").isNotEmpty()
                .anySatisfy((id, reason) -> assertThat(id).contains("Queries"))
                .anySatisfy((id, reason) -> assertThat(id).contains("Paging"));
        skipped.forEach((id, reason) -> {
            if (!id.contains("StoreEntryPoints")) {
                assertThat(reason).as(id).contains("lagging does not declare READ_YOUR_WRITES").contains("Task")
                        .contains("not visible to the next query");
            }
        });
    }
}
