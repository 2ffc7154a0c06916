package dev.stratum.migrations.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gives every user without a role the role {@code "user"}; undo takes it away again.
 *
 * <p>Written against the repository, so it runs on every store: it streams the users that have no
 * role (bounded memory), saves them in batches, and checks the lease between batches so a runner
 * that lost the lock stops early. It is idempotent (only role-less users are touched), which is what
 * makes a re-run after a failure or a takeover safe. Through a repository, "remove" means setting the
 * field to null (readers treat null and absent alike; the native MongoDB version uses {@code $unset}).
 */
public final class V1__Add_user_role implements Migration {
    static final int BATCH = 500;

    @Override
    public void up(MigrationContext context) {
        Repository<AppUser, String> users = context.repository(AppUser.class);
        rewrite(context, users, Query.where(Filter.missing("role")), u -> u.withRole("user"));
    }

    @Override
    public void down(MigrationContext context) {
        Repository<AppUser, String> users = context.repository(AppUser.class);
        rewrite(context, users, Query.where(Filter.eq("role", "user")), u -> u.withRole(null));
    }

    @Override
    public boolean reversible() {
        return true;
    }

    private static void rewrite(MigrationContext context, Repository<AppUser, String> users, Query query,
            java.util.function.UnaryOperator<AppUser> change) {
        List<AppUser> batch = new ArrayList<>(BATCH);
        try (Stream<AppUser> all = users.stream(query)) {
            for (AppUser u : (Iterable<AppUser>) all::iterator) {
                batch.add(change.apply(u));
                if (batch.size() == BATCH) {
                    flush(context, users, batch);
                }
            }
        }
        flush(context, users, batch);
    }

    private static void flush(MigrationContext context, Repository<AppUser, String> users, List<AppUser> batch) {
        if (!batch.isEmpty()) {
            context.checkLease();
            users.saveAll(batch).throwIfFailed();
            batch.clear();
        }
    }
}
