package dev.stratum.migrations.examples;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Renames the session collection (on Redis: the key prefix {@code sess:*} becomes {@code sessions:*})
 * by copying every session and then deleting the old ones; the store rebuilds the new collection's
 * index sets as it writes. Reversible the same way. Idempotent: copies are upserts, and a run that
 * stopped half-way simply copies again.
 */
public final class V3__Rename_session_prefix implements Migration {
    static final int BATCH = 200;

    @Override
    public void up(MigrationContext context) {
        move(context, context.repository(LegacySession.class), context.repository(UserSession.class),
                s -> new UserSession(s.id(), s.userId(), s.lastSeenEpochMs()));
    }

    @Override
    public void down(MigrationContext context) {
        move(context, context.repository(UserSession.class), context.repository(LegacySession.class),
                s -> new LegacySession(s.id(), s.userId(), s.lastSeenEpochMs()));
    }

    @Override
    public boolean reversible() {
        return true;
    }

    private static <A, B> void move(MigrationContext context, Repository<A, String> from, Repository<B, String> to, Function<A, B> convert) {
        List<B> batch = new ArrayList<>(BATCH);
        try (Stream<A> all = from.stream(Query.all())) {
            for (A a : (Iterable<A>) all::iterator) {
                batch.add(convert.apply(a));
                if (batch.size() == BATCH) {
                    context.checkLease();
                    to.saveAll(batch).throwIfFailed();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            to.saveAll(batch).throwIfFailed();
        }
        // only once every copy is written: a failure before this point leaves the old sessions intact
        from.deleteAll(Query.all());
    }
}
