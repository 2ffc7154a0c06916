package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Expiry ({@link Capability#TTL}) with {@link Session}, whose entities expire one second after
 * {@code lastSeen}. A store that does not declare TTL claims nothing: its entities simply stay.
 * No wait here is longer than {@link RepositoryCompatibilityKit#ttlExpiryTimeout()}.
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class TtlGroup extends KitGroup {

    private Duration expiryTimeout() {
        Optional<String> unobservable = kit().ttlExpiryUnobservableReason();
        assumeTrue(unobservable.isEmpty(), () -> unobservable.orElse(""));
        Duration timeout = kit().ttlExpiryTimeout();
        assumeTrue(!timeout.isZero() && !timeout.isNegative(), () -> store()
                + " expires entities on a schedule coarser than the kit waits (ttlExpiryTimeout() is zero); expiry is not awaited");
        return timeout;
    }

    @Test
    void aStoreWithoutTtlClaimsNothingAndKeepsTheEntities() {
        assumeFalse(supports(Capability.TTL), () -> store() + " declares TTL: the expiry checks of this group apply instead");
        Session stale = sessions().insert(new Session(null, "ann", Instant.now().minus(1, ChronoUnit.HOURS)));
        assertThat(capabilities().supported()).doesNotContain(Capability.TTL);
        assertThat(sessions().findById(stale.id())).as("an entity with a TTL field is stored like any other").contains(stale);
    }

    @Test
    void anExpiredEntityDisappearsWithItsIndexEntriesAndAFreshOneStays() throws InterruptedException {
        assumeTrue(supports(Capability.TTL), () -> store() + " does not declare TTL; nothing expires");
        Duration timeout = expiryTimeout();
        Instant now = Instant.now();
        Session stale = sessions().insert(new Session(null, "ann", now.minus(1, ChronoUnit.HOURS)));
        Session fresh = sessions().insert(new Session(null, "ann", now.plus(1, ChronoUnit.HOURS)));

        long deadline = System.nanoTime() + timeout.toNanos();
        while (sessions().existsById(stale.id()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sessions().findById(stale.id())).as("expired within %s", timeout).isEmpty();
        assertThat(sessions().findById(fresh.id())).contains(fresh);
        assertThat(sessions().find(Query.where(Filter.eq("userId", "ann")))).as("no dangling index entry").containsExactly(fresh);
        assertThat(sessions().count(Query.where(Filter.eq("userId", "ann")))).isEqualTo(1);
        assertThat(sessions().count(Query.all())).isEqualTo(1);
    }
}
