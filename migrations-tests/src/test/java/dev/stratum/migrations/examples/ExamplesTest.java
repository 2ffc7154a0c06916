package dev.stratum.migrations.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.MigrationValidationException;
import dev.stratum.migrations.Migrations;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The example migrations, on the in-memory store through repositories, as a service would run them. */
class ExamplesTest {
    final InMemoryStore store = InMemoryStore.create();
    final Repository<AppUser, String> users = store.repository(AppUser.class);
    final Repository<TrackedTask, String> tasks = store.repository(TrackedTask.class);
    final Repository<LegacySession, String> oldSessions = store.repository(LegacySession.class);
    final Repository<UserSession, String> sessions = store.repository(UserSession.class);

    void seed() {
        // more users than one batch, some with a role already
        List<AppUser> seed = new ArrayList<>();
        IntStream.range(0, V1__Add_user_role.BATCH + 17).forEach(i -> seed.add(new AppUser("u" + i, "User " + i, "u" + i + "@example.com", null)));
        seed.add(new AppUser("admin", "Admin", "admin@example.com", "admin"));
        users.saveAll(seed).throwIfFailed();
        tasks.saveAll(List.of(new TrackedTask("t1", "Write docs", null), new TrackedTask("t2", "Ship", List.of("release")))).throwIfFailed();
        IntStream.range(0, V3__Rename_session_prefix.BATCH * 2 + 3)
                .forEach(i -> oldSessions.save(new LegacySession("s" + i, "u" + (i % 7), 1_700_000_000_000L + i)));
    }

    Migrations engine() {
        return Migrations.builder().target(store).scan("dev.stratum.migrations.examples").build();
    }

    @Test
    void servicesMigrationsRunAtStartUp() {
        seed();
        MigrationResult result = engine().migrate();

        assertThat(result.versions()).extracting(Object::toString).containsExactly("1", "2", "3");
        assertThat(users.find(Query.all())).allSatisfy(u -> assertThat(u.role()).isIn("user", "admin"));
        assertThat(users.findById("admin")).get().extracting(AppUser::role).isEqualTo("admin");
        assertThat(tasks.findById("t1")).get().extracting(TrackedTask::tags).isEqualTo(List.of());
        assertThat(tasks.findById("t2")).get().extracting(TrackedTask::tags).isEqualTo(List.of("release"));
        assertThat(oldSessions.count(Query.all())).isZero();
        assertThat(sessions.count(Query.all())).isEqualTo(V3__Rename_session_prefix.BATCH * 2 + 3);
        assertThat(sessions.find(Query.where(dev.stratum.api.Filter.eq("userId", "u3")))).isNotEmpty();
        assertThat(engine().migrate().count()).as("a second start-up does nothing").isZero();
    }

    @Test
    void undoStopsAtTheIrreversibleMigration() {
        seed();
        Migrations engine = engine();
        engine.migrate();

        assertThatThrownBy(() -> engine.undoTo("0")).isInstanceOf(MigrationValidationException.class)
                .hasMessageContaining("cannot undo migration 2 (Add task tags)").hasMessageContaining("not reversible");
        assertThat(sessions.count(Query.all())).as("a refused undo runs nothing").isPositive();

        MigrationResult undone = engine.undoTo("2");
        assertThat(undone.versions()).extracting(Object::toString).containsExactly("3");
        assertThat(sessions.count(Query.all())).isZero();
        assertThat(oldSessions.count(Query.all())).isEqualTo(V3__Rename_session_prefix.BATCH * 2 + 3);
        assertThat(engine.migrate().versions()).extracting(Object::toString).containsExactly("3");
    }

    @Test
    void userRoleIsRemovedOnUndo() {
        seed();
        Migrations onlyRoles = Migrations.builder().target(store).migrations(new V1__Add_user_role()).build();
        onlyRoles.migrate();
        assertThat(users.count(Query.where(dev.stratum.api.Filter.eq("role", "user")))).isEqualTo(V1__Add_user_role.BATCH + 17);

        onlyRoles.undoTo("0");

        assertThat(users.count(Query.where(dev.stratum.api.Filter.missing("role")))).isEqualTo(V1__Add_user_role.BATCH + 17);
        assertThat(users.findById("admin")).get().extracting(AppUser::role).as("roles set by hand stay").isEqualTo("admin");
        assertThat(onlyRoles.info().pending()).hasSize(1);
    }
}
