package dev.stratum.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratum.backup.BackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The progress of a restore or copy, saved atomically after every completed batch: which job
 * (archive hash or source/target), whether the mode (refuse/replace) was applied, and per type how
 * many documents are done, the last id written (copy) and whether the type is complete.
 */
final class Checkpoint {
    private final @Nullable Path file;
    private final String job;
    private boolean modeApplied;
    private final Map<String, TypeState> types = new LinkedHashMap<>();
    private final boolean resumed;

    static final class TypeState {
        long done;
        @Nullable String lastId;
        boolean complete;
    }

    private Checkpoint(@Nullable Path file, String job, boolean resumed) {
        this.file = file;
        this.job = job;
        this.resumed = resumed;
    }

    /** The saved checkpoint of this job, or a fresh one; refuses a checkpoint of another job. */
    static Checkpoint open(@Nullable Path file, String job) {
        if (file == null || !Files.exists(file)) {
            return new Checkpoint(file, job, false);
        }
        try {
            JsonNode root = ManifestCodec.JSON.readTree(file.toFile());
            String saved = root.path("job").asText();
            if (!saved.equals(job)) {
                throw new BackupException("checkpoint " + file + " belongs to another job (" + saved + "), not " + job
                        + "; delete it to start over");
            }
            Checkpoint c = new Checkpoint(file, job, true);
            c.modeApplied = root.path("modeApplied").asBoolean();
            root.path("types").properties().forEach(e -> {
                TypeState s = new TypeState();
                s.done = e.getValue().path("done").asLong();
                s.lastId = e.getValue().path("lastId").isTextual() ? e.getValue().get("lastId").asText() : null;
                s.complete = e.getValue().path("complete").asBoolean();
                c.types.put(e.getKey(), s);
            });
            return c;
        } catch (IOException e) {
            throw new BackupException("unreadable checkpoint " + file + ": " + e.getMessage() + "; delete it to start over", e);
        }
    }

    boolean resumed() {
        return resumed;
    }

    boolean modeApplied() {
        return modeApplied;
    }

    void modeApplied(boolean applied) {
        this.modeApplied = applied;
        save();
    }

    TypeState type(String entity) {
        return types.computeIfAbsent(entity, k -> new TypeState());
    }

    void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = ManifestCodec.JSON.createObjectNode();
        root.put("job", job);
        root.put("modeApplied", modeApplied);
        ObjectNode t = root.putObject("types");
        types.forEach((k, s) -> {
            ObjectNode n = t.putObject(k);
            n.put("done", s.done);
            n.put("lastId", s.lastId);
            n.put("complete", s.complete);
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            ManifestCodec.JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException("cannot save checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The job finished: the checkpoint is removed. */
    void complete() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new BackupException("cannot remove checkpoint " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
