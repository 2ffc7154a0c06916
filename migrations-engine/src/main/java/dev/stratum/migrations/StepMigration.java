package dev.stratum.migrations;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.internal.StepRunner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A migration declared as portable {@link Step}s: it runs unchanged on every store (MongoDB, Redis,
 * Elasticsearch, Firestore, in memory) through the store's repositories, in checkpointed batches with
 * progress reports, and its checksum describes what it does.
 *
 * <pre>{@code
 * public final class V1__Add_user_role extends StepMigration {
 *     public V1__Add_user_role() {
 *         super(Step.addField(User.class, "role", "user"));      // undo derived: removeField(User, role)
 *     }
 * }
 *
 * Migrations.builder().target(store)
 *         .migrations(StepMigration.of("2", "Add task tags", Step.addField(Task.class, "tags", List.of())))
 *         .build().migrate();
 * }</pre>
 *
 * <p><b>Checksum</b>: {@code "steps:"} and 16 hex digits of a SHA-256 of the steps' canonical forms
 * (and of a hand-written undo's). The same on every compiler and JDK; it changes exactly when a step
 * changes.
 *
 * <p><b>Undo</b> is derived when every step is invertible ({@code addField} ↔ {@code removeField},
 * {@code renameField} ↔ the rename back), reverted in reverse order; otherwise pass the undo steps
 * yourself ({@link #StepMigration(List, List)}) or the migration is not reversible.
 *
 * <p><b>Resume</b>: under the engine each step runs in batches of {@link #batchSize()} entities read
 * by keyset paging on the id; after each batch the engine writes a checkpoint (step, count, last id)
 * into the migration's history record ({@code RUNNING}). A runner that dies is taken over when its
 * lease expires, and the next runner continues from the checkpoint. See {@link Step} for why every
 * step is idempotent per batch.
 */
public abstract class StepMigration implements Migration {
    private final List<Step> steps;
    private final @Nullable List<Step> undo;
    private final boolean undoWrittenByHand;

    /** A migration of {@code steps}; undo derived when every step is invertible. */
    protected StepMigration(Step... steps) {
        this(List.of(steps), null);
    }

    /**
     * A migration of {@code steps} with a hand-written undo ({@code undo} runs in the order given);
     * null derives it when every step is invertible.
     */
    protected StepMigration(List<Step> steps, @Nullable List<Step> undo) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(getClass().getName() + " declares no steps");
        }
        this.steps = List.copyOf(steps);
        this.undoWrittenByHand = undo != null;
        this.undo = undo != null ? List.copyOf(undo) : derivedUndo(this.steps);
    }

    /** A step migration of an explicit version and description (for {@code MigrationsBuilder.migrations(...)}). */
    public static StepMigration of(String version, String description, Step... steps) {
        MigrationVersion v = MigrationVersion.parse(version);
        return new StepMigration(steps) {
            @Override
            public MigrationVersion version() {
                return v;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    private static @Nullable List<Step> derivedUndo(List<Step> steps) {
        List<Step> inverse = new ArrayList<>();
        for (Step s : steps) {
            Optional<Step> i = s.inverse();
            if (i.isEmpty()) {
                return null;
            }
            inverse.add(i.get());
        }
        Collections.reverse(inverse);
        return List.copyOf(inverse);
    }

    /** The steps, in order. */
    public final List<Step> steps() {
        return steps;
    }

    /** The undo steps (derived or hand-written), empty if the migration is not reversible. */
    public final Optional<List<Step>> undoSteps() {
        return Optional.ofNullable(undo);
    }

    /** Entities per batch (and per checkpoint); 500 unless overridden. */
    public int batchSize() {
        return 500;
    }

    @Override
    public final boolean reversible() {
        return undo != null;
    }

    /** {@code steps:} and 16 hex digits of the SHA-256 of the steps' canonical forms. */
    @Override
    public final String checksum() {
        StringBuilder sb = new StringBuilder();
        steps.forEach(s -> sb.append(s.canonical()).append('\n'));
        if (undoWrittenByHand && undo != null) {
            sb.append("undo:\n");
            undo.forEach(s -> sb.append(s.canonical()).append('\n'));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return "steps:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Runs the steps without checkpoints (the engine runs them itself, with checkpoints and progress). */
    @Override
    public final void up(MigrationContext context) {
        StepRunner.run(context, steps, batchSize(), null, StepRunner.Sink.NONE);
    }

    /** Runs the undo steps. */
    @Override
    public final void down(MigrationContext context) {
        if (undo == null) {
            throw new UnsupportedOperationException("migration " + version() + " has no undo: a step is not invertible and no undo steps were given");
        }
        StepRunner.run(context, undo, batchSize(), null, StepRunner.Sink.NONE);
    }

    @Override
    public String toString() {
        return "StepMigration[" + version() + " " + description() + ": " + steps.stream().map(Step::canonical).toList() + "]";
    }
}
