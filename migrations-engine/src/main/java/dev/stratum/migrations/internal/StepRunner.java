package dev.stratum.migrations.internal;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.stratum.api.BulkResult;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.api.Update;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.migrations.Step;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs portable {@link Step}s through a store's repositories: each step reads the entities it touches
 * by keyset pages sorted on the id (so the position survives writes and can be resumed from), writes
 * a batch, then reports a {@link Checkpoint}.
 */
public final class StepRunner {

    /** Where the runner reports. */
    public interface Sink {
        /** Reports nothing. */
        Sink NONE = new Sink() {
            @Override
            public void batchDone(Checkpoint checkpoint) {}

            @Override
            public void stepStarted(int step, long estimatedTotal, boolean resumed) {}
        };

        /** A step is starting (or resuming) with this count estimate. */
        void stepStarted(int step, long estimatedTotal, boolean resumed);

        /** A batch is written; {@code checkpoint} is where a successor would continue. */
        void batchDone(Checkpoint checkpoint);
    }

    /**
     * A position in a step migration: the step, how many entities it wrote, and the id of the last entity of the
     * last batch (null: from the start of the step). It holds an id, not a page cursor: cursors are signed per
     * store instance, and the runner that takes over is another instance, often in another process.
     *
     * @param step the step index
     * @param done entities written by this step so far
     * @param after the text of the last id written (ids are walked in ascending order), null at the start of a step
     * @param stepFinished whether the step is complete (the next one starts from its beginning)
     */
    public record Checkpoint(int step, long done, @Nullable String after, boolean stepFinished) {

        /** The text stored in the history record. */
        public String encode() {
            String id = after == null ? "" : Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
            return "v2;step=" + step + ";done=" + done + ";finished=" + stepFinished + ";after=" + id;
        }

        /** Parses {@link #encode()}; null if {@code text} is null or not a checkpoint of this format (the step then starts over). */
        public static @Nullable Checkpoint decode(@Nullable String text) {
            if (text == null || !text.startsWith("v2;")) {
                return null;
            }
            try {
                String[] parts = text.split(";", 5);
                int step = Integer.parseInt(parts[1].substring("step=".length()));
                long done = Long.parseLong(parts[2].substring("done=".length()));
                boolean finished = Boolean.parseBoolean(parts[3].substring("finished=".length()));
                String id = parts[4].substring("after=".length());
                return new Checkpoint(step, done, id.isEmpty() ? null : new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8),
                        finished);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private StepRunner() {}

    /** Runs {@code steps} from {@code resumeFrom} (null: from the beginning). */
    public static void run(MigrationContext context, List<Step> steps, int batchSize, @Nullable Checkpoint resumeFrom, Sink sink) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
        }
        int first = 0;
        Checkpoint from = null;
        if (resumeFrom != null && resumeFrom.step() < steps.size()) {
            first = resumeFrom.stepFinished() ? resumeFrom.step() + 1 : resumeFrom.step();
            from = resumeFrom.stepFinished() ? null : resumeFrom;
        }
        // a store that cannot run an index step refuses before the first step changes anything
        for (int i = first; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.CreateIndex c) {
                IndexOperations.of(context.store()).checkCreatable(c.entity(), c.index());
            } else if (steps.get(i) instanceof Step.DropIndex) {
                IndexOperations.of(context.store());
            }
        }
        for (int i = first; i < steps.size(); i++) {
            runStep(context, steps.get(i), i, batchSize, i == first ? from : null, sink);
        }
    }

    /** A count query estimating how many entities {@code step} touches on {@code store}. */
    public static long estimate(Store store, Step step) {
        if (step instanceof Step.DropIndex) {
            return 0;
        }
        return store.repository(step.entity()).count(Query.all().filter(filter(step)).allowScan());
    }

    /** The entities a step touches; null for all of them. */
    private static @Nullable Filter filter(Step step) {
        if (step instanceof Step.AddField a) {
            return Filter.eq(a.field(), null);
        } else if (step instanceof Step.RemoveField r) {
            return Filter.exists(r.field());
        } else if (step instanceof Step.RenameField r) {
            return Filter.exists(r.from());
        } else if (step instanceof Step.SetWhere s) {
            return s.filter();
        }
        return null;
    }

    /**
     * An index step is one DDL call, idempotent as a whole (an existing index of the same shape is kept,
     * a missing one is not dropped), so a repeated step after a takeover is harmless.
     */
    private static void runIndexStep(MigrationContext context, Step step, int index, Sink sink) {
        context.checkLease();
        IndexOperations ops = IndexOperations.of(context.store());
        long indexed = 0;
        if (step instanceof Step.CreateIndex c) {
            ops.checkCreatable(c.entity(), c.index()); // before any I/O
            indexed = context.repository(c.entity()).count(Query.all());
            sink.stepStarted(index, indexed, false);
            ops.createIndex(c.entity(), c.index());
        } else {
            Step.DropIndex d = (Step.DropIndex) step;
            sink.stepStarted(index, 0, false);
            ops.dropIndex(d.entity(), d.name());
        }
        sink.batchDone(new Checkpoint(index, indexed, null, true));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void runStep(MigrationContext context, Step step, int index, int batchSize, @Nullable Checkpoint from, Sink sink) {
        if (step instanceof Step.CreateIndex || step instanceof Step.DropIndex) {
            runIndexStep(context, step, index, sink);
            return;
        }
        Repository<Object, Object> repo = context.repository((Class<Object>) step.entity());
        String idProperty = repo.metadata().idProperty();
        Class<?> idType = repo.metadata().idType();
        long done = from == null ? 0 : from.done();
        long remaining = repo.count(Query.all().filter(filter(step)).allowScan());
        sink.stepStarted(index, step instanceof Step.SetWhere || step instanceof Step.Copy ? remaining : done + remaining, from != null);
        @Nullable Object after = from == null || from.after() == null ? null : EntityMapper.defaults().fromValue(from.after(), TypeFactory.defaultInstance().constructType(idType));
        while (true) {
            context.checkLease();
            // keyset by id, restarted from the last id of each batch: the same walk whichever runner continues it
            Filter f = filter(step);
            if (after != null) {
                f = f == null ? Filter.gt(idProperty, after) : Filter.and(f, Filter.gt(idProperty, after));
            }
            Query query = Query.all().filter(f).sortBy(Sort.asc(idProperty)).limit(batchSize).allowScan();
            List<Object> items = repo.find(query);
            if (!items.isEmpty()) {
                done += apply(context, repo, step, idProperty, items);
                after = read(items.get(items.size() - 1), idProperty);
            }
            if (items.size() < batchSize) {
                sink.batchDone(new Checkpoint(index, done, null, true));
                return;
            }
            sink.batchDone(new Checkpoint(index, done, String.valueOf(after), false));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static long apply(MigrationContext context, Repository<Object, Object> repo, Step step, String idProperty, List<Object> items) {
        List<Object> ids = new ArrayList<>(items.size());
        for (Object item : items) {
            ids.add(Objects.requireNonNull(read(item, idProperty), "entity without id"));
        }
        if (step instanceof Step.AddField a) {
            return repo.updateAll(batch(filter(step), idProperty, ids), Update.set(a.field(), a.value()));
        } else if (step instanceof Step.RemoveField r) {
            return repo.updateAll(batch(filter(step), idProperty, ids), Update.unsetting(r.field()));
        } else if (step instanceof Step.SetWhere s) {
            return repo.updateAll(batch(s.filter(), idProperty, ids), s.update());
        } else if (step instanceof Step.RenameField r) {
            long n = 0;
            for (int i = 0; i < items.size(); i++) {
                Object value = read(items.get(i), r.from());
                if (value != null) {
                    n += repo.updateAll(batch(Filter.exists(r.from()), idProperty, List.of(ids.get(i))), Update.set(r.to(), value).unset(r.from()));
                }
            }
            return n;
        }
        Step.Copy c = (Step.Copy) step;
        EntityMapper mapper = EntityMapper.defaults();
        Repository<Object, Object> target = context.repository((Class<Object>) c.to());
        List<Object> copies = new ArrayList<>(items.size());
        for (Object item : items) {
            copies.add(mapper.fromDocument(mapper.toDocument(item), c.to()));
        }
        BulkResult<Object> result = target.saveAll(copies);
        if (!result.failures().isEmpty()) {
            throw new IllegalStateException("copy(" + c.entity().getSimpleName() + " -> " + c.to().getSimpleName() + "): "
                    + result.failures().size() + " entities could not be saved, e.g. " + result.failures().get(0));
        }
        return copies.size();
    }

    private static Query batch(@Nullable Filter filter, String idProperty, List<Object> ids) {
        Filter ofBatch = Filter.in(idProperty, ids);
        return Query.where(filter == null ? ofBatch : Filter.and(filter, ofBatch)).allowScan();
    }

    /** Reads a top-level property of a record or bean (accessor, getter, or field). */
    static @Nullable Object read(Object entity, String property) {
        Class<?> type = entity.getClass();
        try {
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equals(property)) {
                        Method m = c.getAccessor();
                        m.setAccessible(true);
                        return m.invoke(entity);
                    }
                }
            }
            String cap = Character.toUpperCase(property.charAt(0)) + property.substring(1);
            for (String name : List.of("get" + cap, "is" + cap)) {
                try {
                    Method m = type.getMethod(name);
                    return m.invoke(entity);
                } catch (NoSuchMethodException ignored) {
                    // next form
                }
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(property);
                    f.setAccessible(true);
                    return f.get(entity);
                } catch (NoSuchFieldException ignored) {
                    // superclass
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read property '" + property + "' of " + type.getName() + ": " + e, e);
        }
        throw new IllegalStateException(type.getName() + " has no readable property '" + property + "'");
    }
}
