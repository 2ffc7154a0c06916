package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratum.api.Capability;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store's entry points: typed repositories and transactions (needs {@link RepositoryCompatibilityKit#store()}). */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class StoreGroup extends KitGroup {

    /** Reads only by id (real-time on every store), so it runs whatever the store's query consistency. */
    @Override
    boolean needsReadYourWrites() {
        return false;
    }


    private Store theStore() {
        assumeTrue(kit().store().isPresent(), "the kit subclass does not override store()");
        return kit().store().get();
    }

    @Test
    void typedRepositoryChecksTheIdType() {
        Repository<Task, String> tasks = theStore().repository(Task.class, String.class);
        assertThat(tasks.metadata().type()).isEqualTo(Task.class);
        Repository<Asset, Long> assets = theStore().repository(Asset.class, Long.class);
        assertThat(assets.metadata().idProperty()).isEqualTo("id");
        assertThatThrownBy(() -> theStore().repository(Task.class, Long.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String").hasMessageContaining("Long");
    }

    @Test
    void transactionsAreRefusedBeforeRunningTheBodyWhereUndeclared() {
        Store s = theStore();
        assumeTrue(!s.capabilities().supports(Capability.TRANSACTIONS), () -> s.name() + " declares TRANSACTIONS");
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> s.inTransaction(tx -> ran.incrementAndGet())).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining(s.name()).hasMessageContaining("transactions");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aTransactionCommitsOrAbortsAsAWhole() {
        Store s = theStore();
        assumeTrue(s.capabilities().supports(Capability.TRANSACTIONS), () -> s.name() + " does not declare TRANSACTIONS");
        Task t1 = KitData.tasks().get(0);
        Task t2 = KitData.tasks().get(1);
        s.inTransaction(tx -> {
            Repository<Task, String> tasks = tx.repository(Task.class, String.class);
            tasks.insert(t1);
            return tasks.update(t1.id(), Update.set("title", "in tx"));
        });
        assertThat(tasks().findById(t1.id()).orElseThrow().title()).isEqualTo("in tx");
        assertThatThrownBy(() -> s.inTransaction(tx -> {
            tx.repository(Task.class, String.class).insert(t2);
            throw new IllegalStateException("abort");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tasks().findById(t2.id())).as("aborted").isEmpty();
    }
}
