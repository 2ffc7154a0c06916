package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link RepositoryCompatibilityKit#concurrentWriters()}: the kit's concurrent-writers check runs at the size a kit
 * subclass gives, and {@link ConcurrentWriters} refuses sizes the check cannot run.
 */
class ConcurrentWritersHookTest {

    /** Not run by surefire itself (an inner class); its one concurrent-writers test is selected below. */
    static class SizedKit extends RepositoryCompatibilityKit {
        static final InMemoryStore STORE = InMemoryStore.create();

        @Override
        protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
            return STORE.repository(entityType);
        }

        @Override
        protected ConcurrentWriters concurrentWriters() {
            return ConcurrentWriters.of(3, 7);
        }
    }

    @Test
    void theCheckRunsAtTheSizeTheSubclassGives() {
        List<String> passed = new CopyOnWriteArrayList<>();
        List<String> notPassed = new CopyOnWriteArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectNestedMethod(List.of(SizedKit.class), RepositoryCompatibilityKit.Versioning.class,
                        "concurrentWritersRetryingOnConflictLoseNoUpdate"))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        notPassed.add(id.getDisplayName() + " skipped: " + reason);
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : notPassed)
                                    .add(id.getDisplayName() + " " + result);
                        }
                    }
                });
        assertThat(notPassed).isEmpty();
        assertThat(passed).hasSize(1);
        // the kit resets collections before a test, not after: the counter the check left shows the size it ran
        Counter views = SizedKit.STORE.<Counter, String>repository(Counter.class).findById("views").orElseThrow();
        assertThat(views.value()).as("3 writers x 7 increments").isEqualTo(21);
        assertThat(views.version()).isEqualTo(22);
    }

    @Test
    void theDefaultIsEightWritersTimesTwoHundredWithoutRequiredConflicts() {
        ConcurrentWriters d = ConcurrentWriters.defaults();
        assertThat(d.writers()).isEqualTo(8);
        assertThat(d.incrementsPerWriter()).isEqualTo(200);
        assertThat(d.totalIncrements()).isEqualTo(1_600);
        assertThat(d.conflictsExpected()).isFalse();
        assertThat(ConcurrentWriters.of(16, 200).expectingConflicts())
                .returns(true, ConcurrentWriters::conflictsExpected).returns(3_200, ConcurrentWriters::totalIncrements)
                .hasToString("16 writers x 200 increments, conflicts expected");
    }

    @Test
    void sizesTheCheckCannotRunAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> ConcurrentWriters.of(0, 200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writers must be at least 1, was 0");
        assertThatThrownBy(() -> ConcurrentWriters.of(8, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("increments per concurrent writer must be at least 1, was -1");
        assertThatThrownBy(() -> ConcurrentWriters.of(100_000, 100_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed 1000000 increments");
        assertThatThrownBy(() -> ConcurrentWriters.of(1, 200).expectingConflicts()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("single concurrent writer");
    }
}
