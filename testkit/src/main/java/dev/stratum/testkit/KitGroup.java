package dev.stratum.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.domain.KitDomain;
import dev.stratum.testkit.domain.LegacyAsset;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Reading;
import dev.stratum.testkit.domain.Session;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the kit's {@code @Nested} groups: access to the store under test through the enclosing
 * {@link RepositoryCompatibilityKit}, the standard datasets, and the assumptions groups use to skip
 * (never silently) what a store does not declare.
 */
abstract class KitGroup {

    /** The kit instance whose {@code repository(Class)} this group tests. */
    abstract RepositoryCompatibilityKit kit();

    final Repository<Task, String> tasks() {
        return kit().repository(Task.class);
    }

    final Repository<User, String> users() {
        return kit().repository(User.class);
    }

    final Repository<Asset, Long> assets() {
        return kit().repository(Asset.class);
    }

    final Repository<LegacyAsset, Long> legacyAssets() {
        return kit().repository(LegacyAsset.class);
    }

    final Repository<Metric, UUID> metrics() {
        return kit().repository(Metric.class);
    }

    final Repository<AllTypes, UUID> allTypes() {
        return kit().repository(AllTypes.class);
    }

    final Repository<Counter, String> counters() {
        return kit().repository(Counter.class);
    }

    final Repository<Session, String> sessions() {
        return kit().repository(Session.class);
    }

    final Repository<FuzzRecord, String> fuzzRecords() {
        return kit().repository(FuzzRecord.class);
    }

    final Repository<Reading, String> readings() {
        return kit().repository(Reading.class);
    }

    final Capabilities capabilities() {
        return tasks().capabilities();
    }

    final boolean supports(Capability c) {
        return capabilities().supports(c);
    }

    /** The store's name, as in {@link Capabilities#store()}. */
    final String store() {
        return capabilities().store();
    }

    /**
     * Whether this group's checks query right after writing, and so need {@link Capability#READ_YOUR_WRITES}; true
     * unless a group reads only by id.
     */
    boolean needsReadYourWrites() {
        return true;
    }

    /**
     * Skips every check of a group that {@linkplain #needsReadYourWrites() needs read-your-writes}, naming the
     * capability and the entity types, when a repository of the kit's domain does not declare
     * {@link Capability#READ_YOUR_WRITES} (e.g. Elasticsearch with {@code RefreshPolicy.NONE}): its query results
     * lag its writes, so the group's checks would fail or pass by chance. Never quietly.
     */
    @BeforeEach
    final void assumeReadYourWritesWhereNeeded() {
        if (!needsReadYourWrites()) {
            return;
        }
        List<String> lagging = new ArrayList<>();
        for (Class<?> type : KitDomain.entityTypes()) {
            if (!kit().repository(type).capabilities().supports(Capability.READ_YOUR_WRITES)) {
                lagging.add(type.getSimpleName());
            }
        }
        assumeTrue(lagging.isEmpty(), () -> store() + " does not declare " + Capability.READ_YOUR_WRITES + " for the repositories of "
                + lagging + ": a write there is not visible to the next query, and this group queries right after writing");
    }

    /** Skips the calling test, saying why, unless the store declares {@code c}. */
    final void assumeSupports(Capability c) {
        assumeTrue(supports(c), () -> store() + " does not declare " + c
                + "; the Capabilities group checks that it refuses it with QueryNotSupportedException");
    }

    /** Inserts {@link KitData#tasks()}; returns them as stored (versions and time stamps set). */
    final List<Task> seedTasks() {
        List<Task> out = new ArrayList<>();
        for (Task t : KitData.tasks()) {
            out.add(tasks().insert(t));
        }
        return out;
    }

    final List<Asset> seedAssets() {
        List<Asset> out = new ArrayList<>();
        for (Asset a : KitData.assets()) {
            out.add(assets().insert(a));
        }
        return out;
    }

    final List<User> seedUsers() {
        List<User> out = new ArrayList<>();
        for (User u : KitData.users()) {
            out.add(users().insert(u));
        }
        return out;
    }

    /** The ids of tasks, in their order. */
    static List<String> taskIds(Collection<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    static List<Long> assetIds(Collection<Asset> assets) {
        return assets.stream().map(Asset::id).toList();
    }

    static List<String> userIds(Collection<User> users) {
        return users.stream().map(User::getId).toList();
    }

    /**
     * Waits until the wall clock has moved to a later millisecond than {@code t}, so that the next
     * write's time stamp differs (time stamps have millisecond precision). Not a timing assertion.
     */
    static void awaitClockAfter(Instant t) {
        while (!Instant.now().isAfter(t.plusMillis(1))) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
