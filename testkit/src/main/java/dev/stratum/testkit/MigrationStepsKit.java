package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capability;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Sort;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Update;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.migrations.MigrationPlan;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.MigrationState;
import dev.stratum.migrations.Migrations;
import dev.stratum.migrations.MigrationsBuilder;
import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;
import dev.stratum.migrations.event.MigrationEvent;
import dev.stratum.migrations.event.MigrationListener;
import dev.stratum.migrations.event.MigrationProgress;
import dev.stratum.testkit.migration.BackfillItem;
import dev.stratum.testkit.migration.KillableTarget;
import dev.stratum.testkit.migration.StepsAccount;
import dev.stratum.testkit.migration.StepsTask;
import dev.stratum.testkit.migration.StepsUser;
import dev.stratum.testkit.migration.V1__Add_user_role;
import dev.stratum.testkit.migration.V2__Add_task_tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Portable migration steps on a real store: the project's example step migrations run unchanged,
 * every step kind does what it says with null and absent alike, dry runs estimate, progress is
 * reported, a runner killed mid-backfill is taken over from its checkpoint with every entity
 * migrated exactly once, and {@code createIndex}/{@code dropIndex} steps work through the store's
 * {@link IndexOperations} (or are refused before any change, for what the store declares it cannot create). Every store module runs it with a short subclass; so can you on your own
 * target:
 *
 * <pre>{@code
 * class RedisMigrationStepsTest extends MigrationStepsKit {
 *     static RedisStore store = ...;
 *     @Override protected Store store() { return store; }
 * }
 * }</pre>
 */
@SuppressWarnings({"NullAway", "AssignmentExpression"}) // kit test code (see KitGroup); the reset loop assigns in its condition
public abstract class MigrationStepsKit {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** The store under test. */
    protected abstract Store store();

    /** The store client the surviving runner of the takeover test uses; {@link #store()} unless overridden. */
    protected Store secondStore() {
        return store();
    }

    /** The lease time of the kit's engines; 400 ms unless overridden (a dead runner is taken over after it). */
    protected Duration leaseTime() {
        return Duration.ofMillis(400);
    }

    /** Empties the history (through the SPI, waiting for a leftover lease) and the kit's entities. */
    protected void resetStore() {
        MigrationTarget target = MigrationTargets.of(store());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<Lease> lease;
        while ((lease = target.tryAcquire("steps-kit-reset", Duration.ofSeconds(30))).isEmpty()) {
            assertThat(System.nanoTime()).as("resetStore(): the lock stayed held by %s", target.currentLease()).isLessThan(deadline);
            sleep(20);
        }
        for (MigrationRecord r : target.history()) {
            target.deleteRecord(lease.get(), r.version());
        }
        target.release(lease.get());
        users().deleteAll(Query.all());
        tasks().deleteAll(Query.all());
        items().deleteAll(Query.all());
        accounts().deleteAll(Query.all());
        if (store() instanceof IndexOperations ops) {
            ops.indexes(StepsAccount.class).forEach(i -> ops.dropIndex(StepsAccount.class, i.name()));
        }
    }

    @BeforeEach
    void resetBeforeEach() {
        resetStore();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Repository<StepsUser, String> users() {
        return store().repository(StepsUser.class);
    }

    private Repository<StepsTask, String> tasks() {
        return store().repository(StepsTask.class);
    }

    private Repository<BackfillItem, String> items() {
        return store().repository(BackfillItem.class);
    }

    private Repository<StepsAccount, String> accounts() {
        return store().repository(StepsAccount.class);
    }

    private MigrationsBuilder engine(Store on, String owner, Migration... migrations) {
        return Migrations.builder().target(on).owner(owner).leaseTime(leaseTime()).lockWaitTimeout(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).migrations(migrations);
    }

    /** A backfill of {@link BackfillItem}s in batches of 10: state old -> new, counting the touches. */
    public static final class V5__Backfill_state extends StepMigration {
        /** The migration. */
        public V5__Backfill_state() {
            super(Step.setWhere(BackfillItem.class, Filter.eq("state", "old"), Update.set("state", "new").inc("migrations", 1)));
        }

        @Override
        public int batchSize() {
            return 10;
        }
    }

    private void seedItems(int n) {
        List<BackfillItem> seed = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> seed.add(new BackfillItem(id(i), "old", 0, "name " + i, null)));
        items().saveAll(seed).throwIfFailed();
    }

    // ---- the project's examples ------------------------------------------------------------

    @Test
    @DisplayName("the example migrations (add role 'user', add tags []) run unchanged; undo of the role keeps other roles")
    void exampleMigrationsRunUnchanged() {
        List<StepsUser> seed = new ArrayList<>();
        IntStream.range(0, 23).forEach(i -> seed.add(new StepsUser("u" + i, "User " + i, null)));
        seed.add(new StepsUser("admin", "Admin", "admin"));
        users().saveAll(seed).throwIfFailed();
        tasks().saveAll(List.of(new StepsTask("t1", "Write docs", null), new StepsTask("t2", "Ship", List.of("release")))).throwIfFailed();

        Migrations engine = engine(store(), "kit-a", new V1__Add_user_role(), new V2__Add_task_tags()).build();
        MigrationPlan plan = engine.plan();
        assertThat(plan.estimates().get(MigrationVersion.parse("1"))).singleElement()
                .satisfies(e -> assertThat(e.documents()).as("users without a role").isEqualTo(23))
                .satisfies(e -> assertThat(e.step()).isEqualTo("addField(stratum_steps_users, role, \"user\")"));
        assertThat(plan.estimates().get(MigrationVersion.parse("2"))).singleElement()
                .satisfies(e -> assertThat(e.documents()).as("tasks without tags").isEqualTo(1));
        assertThat(plan.describe()).contains("~23 document(s)");

        MigrationResult result = engine.migrate();
        assertThat(result.versions()).extracting(Object::toString).containsExactly("1", "2");
        assertThat(users().find(Query.all())).hasSize(24).allSatisfy(u -> assertThat(u.role()).isIn("user", "admin"));
        assertThat(users().findById("admin")).get().extracting(StepsUser::role).isEqualTo("admin");
        assertThat(tasks().findById("t1")).get().extracting(StepsTask::tags).isEqualTo(List.of());
        assertThat(tasks().findById("t2")).get().extracting(StepsTask::tags).isEqualTo(List.of("release"));
        assertThat(engine.info().migrations()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MigrationState.APPLIED));
        assertThat(engine.info().toTable()).contains("STEPS", new V1__Add_user_role().checksum());

        engine.undoTo("0");
        assertThat(users().count(Query.where(Filter.eq("role", null)))).isEqualTo(23);
        assertThat(users().findById("admin")).get().extracting(StepsUser::role).as("roles given otherwise stay").isEqualTo("admin");
        assertThat(tasks().findById("t1")).get().extracting(StepsTask::tags).as("undo of tags: null again").isNull();
        assertThat(engine.migrate().count()).as("and again").isEqualTo(2);
        assertThat(users().count(Query.where(Filter.eq("role", "user")))).isEqualTo(23);
    }

    // ---- every step --------------------------------------------------------------------------

    @Test
    @DisplayName("renameField moves values (null and absent untouched) and is undone by the rename back; removeField unsets")
    void renameAndRemove() {
        seedItems(25);
        items().save(new BackfillItem("nameless", "old", 0, null, null));
        StepMigration rename = StepMigration.of("3", "Rename legacy name", Step.renameField(BackfillItem.class, "legacyName", "name"));
        Migrations engine = engine(store(), "kit-a", rename).build();
        engine.migrate();
        assertThat(items().findById(id(7))).get().satisfies(i -> {
            assertThat(i.name()).isEqualTo("name 7");
            assertThat(i.legacyName()).isNull();
        });
        assertThat(items().count(Query.where(Filter.exists("legacyName")).allowScan())).isZero();
        assertThat(items().findById("nameless")).get().extracting(BackfillItem::name).isNull();

        engine.undoTo("0");
        assertThat(items().findById(id(7))).get().satisfies(i -> {
            assertThat(i.legacyName()).isEqualTo("name 7");
            assertThat(i.name()).isNull();
        });

        Migrations remove = engine(store(), "kit-a", StepMigration.of("4", "Drop legacy name", Step.removeField(BackfillItem.class, "legacyName")))
                .build();
        assertThat(remove.planUndoTo(MigrationVersion.parse("0")).canRun()).isTrue();
        remove.migrate();
        assertThat(items().count(Query.where(Filter.exists("legacyName")).allowScan())).isZero();
        assertThat(remove.planUndoTo(MigrationVersion.parse("0")).blockers()).as("removeField cannot be undone").isNotEmpty();
    }

    @Test
    @DisplayName("setWhere backfills in batches with progress reports; the checksum names the steps, not the class")
    void backfillReportsProgress() {
        seedItems(45);
        List<MigrationProgress> progress = new CopyOnWriteArrayList<>();
        Migrations engine = engine(store(), "kit-a", new V5__Backfill_state()).progressInterval(Duration.ZERO)
                .listener(new MigrationListener() {
                    @Override
                    public void progress(MigrationEvent event, MigrationProgress p) {
                        progress.add(p);
                    }
                }).build();
        assertThat(engine.migrations()).singleElement().satisfies(m -> assertThat(m.checksum()).startsWith("steps:"));
        engine.migrate();

        assertThat(items().find(Query.all())).hasSize(45).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo("new");
            assertThat(i.migrations()).isEqualTo(1);
        });
        assertThat(progress).as("one report per batch of 10 (interval 0)").hasSizeGreaterThanOrEqualTo(5);
        assertThat(progress.get(progress.size() - 1)).satisfies(p -> {
            assertThat(p.finished()).isTrue();
            assertThat(p.done()).isEqualTo(45);
            assertThat(p.estimatedTotal()).isEqualTo(45);
        });
        assertThat(MigrationTargets.of(store()).history()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(MigrationRecord.Outcome.SUCCEEDED);
            assertThat(r.checkpoint()).isNull();
        });
    }

    // ---- resume ------------------------------------------------------------------------------

    @Test
    @DisplayName("a runner killed mid-backfill is taken over from its checkpoint; every entity is migrated exactly once")
    void killedRunnerIsResumedFromItsCheckpoint() throws Exception {
        int n = 120;
        seedItems(n);
        CountDownLatch killed = new CountDownLatch(1);
        CountDownLatch wakeUp = new CountDownLatch(1);
        KillableTarget dying = new KillableTarget(MigrationTargets.of(store()));
        Migrations first = Migrations.builder().target(dying).owner("kit-dying").leaseTime(leaseTime()).pollInterval(Duration.ofMillis(50))
                .migrations(new V5__Backfill_state()).progressInterval(Duration.ZERO).listener(new MigrationListener() {
                    @Override
                    public void progress(MigrationEvent event, MigrationProgress p) {
                        if (p.done() >= 30 && killed.getCount() > 0) {
                            dying.killHeartbeat(); // the process "dies": no renewal reaches the store any more
                            killed.countDown();
                            try {
                                wakeUp.await(60, TimeUnit.SECONDS); // ... and its thread stalls until the survivor is done
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }).build();
        Future<MigrationResult> dead = pool.submit(first::migrate);
        assertThat(killed.await(60, TimeUnit.SECONDS)).as("the first runner reached its 30th entity").isTrue();

        MigrationRecord checkpointed = MigrationTargets.of(store()).history().get(0);
        assertThat(checkpointed.outcome()).isEqualTo(MigrationRecord.Outcome.RUNNING);
        assertThat(checkpointed.checkpoint()).as("checkpoint in the history record").contains("done=30");

        List<MigrationProgress> survivorProgress = new CopyOnWriteArrayList<>();
        Migrations second = engine(secondStore(), "kit-survivor", new V5__Backfill_state()).progressInterval(Duration.ZERO)
                .listener(new MigrationListener() {
                    @Override
                    public void progress(MigrationEvent event, MigrationProgress p) {
                        survivorProgress.add(p);
                    }
                }).build();
        assertThat(second.info().status(MigrationVersion.parse("5"))).get().extracting(s -> s.state()).isEqualTo(MigrationState.RUNNING);
        MigrationResult result = second.migrate();
        assertThat(result.versions()).extracting(Object::toString).containsExactly("5");
        assertThat(survivorProgress).isNotEmpty();
        assertThat(survivorProgress.get(0).resumed()).as("the survivor resumed from the checkpoint").isTrue();
        assertThat(survivorProgress.get(0).done()).as("and did not start over").isGreaterThan(30);
        assertThat(survivorProgress.get(survivorProgress.size() - 1).done()).isEqualTo(n);

        wakeUp.countDown();
        assertThatThrownBy(() -> {
            try {
                dead.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }).as("the dead runner finds its lease lost and writes nothing more").isInstanceOf(LeaseLostException.class);

        assertThat(items().find(Query.all())).hasSize(n).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo("new");
            assertThat(i.migrations()).as("entity %s migrated exactly once", i.id()).isEqualTo(1);
        });
        assertThat(MigrationTargets.of(store()).history()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(MigrationRecord.Outcome.SUCCEEDED);
            assertThat(r.installedBy()).isEqualTo("kit-survivor");
        });
    }

    // ---- createIndex / dropIndex ------------------------------------------------------------

    private static final IndexDefinition UNIQUE_EMAIL = IndexDefinition.builder().name("steps_email_unique").field("email").unique().build();
    private static final IndexDefinition BY_TEAM = IndexDefinition.builder().field("team").field("level", false).build();

    /** The store's refusal of {@code index}, or null if it creates it. */
    private QueryNotSupportedException refusal(IndexDefinition index) {
        try {
            IndexOperations.of(store()).checkCreatable(StepsAccount.class, index);
            return null;
        } catch (QueryNotSupportedException e) {
            return e;
        }
    }

    private List<String> indexNames() {
        return store() instanceof IndexOperations ops ? ops.indexes(StepsAccount.class).stream().map(IndexDefinition::name).toList() : List.of();
    }

    /** What a store does with an index it cannot create: the migration fails before its first step changed anything. */
    private void assertRefusedBeforeAnyChange(IndexDefinition index, QueryNotSupportedException refusal) {
        assertThat(refusal.getMessage()).as("the refusal names the store").contains(store().name());
        accounts().saveAll(List.of(new StepsAccount("a1", "x@example.com", null, 1), new StepsAccount("a2", "y@example.com", null, 2)))
                .throwIfFailed();
        Migrations engine = engine(store(), "kit-a", StepMigration.of("7", "Team then index", Step.addField(StepsAccount.class, "team", "none"),
                Step.createIndex(StepsAccount.class, index))).build();
        assertThatThrownBy(engine::migrate).isInstanceOf(MigrationException.class).hasCauseInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining(store().name());
        assertThat(accounts().find(Query.all())).as("the addField before the refused index did not run").allSatisfy(a -> assertThat(a.team()).isNull());
        assertThat(indexNames()).doesNotContain(index.name());
    }

    @Test
    @DisplayName("createIndex of a unique index over duplicated values fails naming the index, and changes nothing")
    void uniqueIndexOverDuplicatesFailsAndChangesNothing() {
        QueryNotSupportedException refused = refusal(UNIQUE_EMAIL);
        if (refused != null) {
            assertRefusedBeforeAnyChange(UNIQUE_EMAIL, refused);
            return;
        }
        accounts().saveAll(List.of(new StepsAccount("a1", "x@example.com", null, 1), new StepsAccount("a2", "x@example.com", null, 2),
                new StepsAccount("a3", "y@example.com", null, 3))).throwIfFailed();
        Migrations engine = engine(store(), "kit-a", StepMigration.of("7", "Unique email", Step.createIndex(StepsAccount.class, UNIQUE_EMAIL)))
                .build();
        assertThatThrownBy(engine::migrate).isInstanceOf(MigrationException.class).hasCauseInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("steps_email_unique");
        assertThat(indexNames()).as("no index left behind").doesNotContain("steps_email_unique");
        accounts().insert(new StepsAccount("a4", "x@example.com", null, 4)); // no constraint
        assertThat(accounts().count(Query.all())).isEqualTo(4);
        assertThat(MigrationTargets.of(store()).history()).singleElement().extracting(MigrationRecord::outcome).isEqualTo(MigrationRecord.Outcome.FAILED);
    }

    @Test
    @DisplayName("a created unique index holds on later inserts and updates; re-running it changes nothing; undo drops it")
    void createdUniqueIndexHoldsAndUndoDropsIt() {
        QueryNotSupportedException refused = refusal(UNIQUE_EMAIL);
        if (refused != null) {
            assertRefusedBeforeAnyChange(UNIQUE_EMAIL, refused);
            return;
        }
        accounts().saveAll(List.of(new StepsAccount("a1", "x@example.com", null, 1), new StepsAccount("a2", "y@example.com", null, 2)))
                .throwIfFailed();
        StepMigration create = StepMigration.of("7", "Unique email", Step.createIndex(StepsAccount.class, UNIQUE_EMAIL));
        assertThat(create.reversible()).as("undo derived: dropIndex").isTrue();
        Migrations engine = engine(store(), "kit-a", create).build();
        assertThat(engine.plan().estimates().get(MigrationVersion.parse("7"))).singleElement()
                .satisfies(e -> assertThat(e.documents()).as("entities indexed").isEqualTo(2));
        engine.migrate();
        assertThat(IndexOperations.of(store()).indexes(StepsAccount.class)).filteredOn(i -> i.name().equals("steps_email_unique")).singleElement()
                .satisfies(i -> assertThat(i.sameShape(UNIQUE_EMAIL)).as("listed as created: %s", i).isTrue());
        assertThatThrownBy(() -> accounts().insert(new StepsAccount("a3", "x@example.com", null, 3))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> accounts().update("a2", Update.set("email", "x@example.com"))).isInstanceOf(DuplicateKeyException.class);
        assertThat(accounts().findById("a2")).get().extracting(StepsAccount::email).isEqualTo("y@example.com");

        // what a runner taking over repeats, and a second migration of the same index: no change, no error
        assertThat(IndexOperations.of(store()).createIndex(StepsAccount.class, UNIQUE_EMAIL)).isFalse();
        Migrations again = engine(store(), "kit-a", create, StepMigration.of("8", "Same index", Step.createIndex(StepsAccount.class, UNIQUE_EMAIL)))
                .build();
        assertThat(again.migrate().count()).isEqualTo(1);
        assertThatThrownBy(() -> accounts().insert(new StepsAccount("a3", "x@example.com", null, 3))).isInstanceOf(DuplicateKeyException.class);

        again.undoTo("0");
        assertThat(indexNames()).doesNotContain("steps_email_unique");
        accounts().insert(new StepsAccount("a3", "x@example.com", null, 3));
        assertThat(accounts().count(Query.where(Filter.eq("email", "x@example.com")).allowScan())).isEqualTo(2);
    }

    @Test
    @DisplayName("a created compound index serves queries over the existing and later entities; dropIndex removes it")
    void createdIndexServesQueriesAndDropRemovesIt() {
        QueryNotSupportedException refused = refusal(BY_TEAM);
        if (refused != null) {
            assertRefusedBeforeAnyChange(BY_TEAM, refused);
            return;
        }
        List<StepsAccount> seed = new ArrayList<>();
        IntStream.range(0, 30).forEach(i -> seed.add(new StepsAccount("a" + i, i + "@example.com", i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : null, i)));
        accounts().saveAll(seed).throwIfFailed();
        StepMigration create = StepMigration.of("7", "Team index", Step.createIndex(StepsAccount.class, BY_TEAM));
        engine(store(), "kit-a", create).build().migrate();
        accounts().save(new StepsAccount("late", "late@example.com", "red", 100));
        Query reds = Query.where(Filter.eq("team", "red")).sortBy(Sort.desc("level")); // no allowScan(): the index serves it
        assertThat(accounts().find(reds)).extracting(StepsAccount::level).containsExactly(100, 27, 24, 21, 18, 15, 12, 9, 6, 3, 0);
        accounts().save(new StepsAccount("a27", "27@example.com", "blue", 27));
        assertThat(accounts().count(reds)).as("the index follows updates").isEqualTo(10);

        engine(store(), "kit-a", create, StepMigration.of("8", "Drop team index", Step.dropIndex(StepsAccount.class, BY_TEAM.name()))).build()
                .migrate();
        assertThat(indexNames()).doesNotContain(BY_TEAM.name());
        assertThat(IndexOperations.of(store()).dropIndex(StepsAccount.class, BY_TEAM.name())).as("dropping again: nothing to drop").isFalse();
        if (store().capabilities().supports(Capability.UNINDEXED_FIELDS)) {
            assertThat(accounts().count(reds)).isEqualTo(10);
        } else {
            assertThatThrownBy(() -> accounts().count(reds)).as("without the index the field is unindexed again")
                    .isInstanceOf(QueryNotSupportedException.class);
        }
        assertThat(accounts().count(Query.where(Filter.eq("team", "red")).allowScan())).isEqualTo(10);
    }

    private static String id(int i) {
        return String.format("i%04d", i);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
