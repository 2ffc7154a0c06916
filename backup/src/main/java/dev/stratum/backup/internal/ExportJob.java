package dev.stratum.backup.internal;

import dev.stratum.api.Health;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.backup.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Streams each type into its file, then writes the manifest. Memory: one document and the gzip buffers. */
public final class ExportJob {
    private ExportJob() {}

    public static Manifest run(Store source, Path archive, List<Class<?>> types, BackupOptions options) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("name at least one entity type to export");
        }
        prepareDirectory(archive);
        Instant started = Instant.now();
        List<Manifest.Entry> entries = new ArrayList<>();
        Set<String> files = new HashSet<>();
        String namespace = "";
        try (ExportConsistency.ReadScope reads = Targets.reads(source, options)) {
            for (Class<?> type : types) {
                Repository<?, Object> repo = Targets.repository(source, type);
                namespace = repo.storeInfo().namespace();
                String entity = repo.metadata().collection();
                String file = fileName(entity, files);
                entries.add(exportType(reads, repo, archive.resolve(file), entity, options));
            }
            Health h = source.health();
            Manifest m = new Manifest(Manifest.FORMAT, ManifestCodec.stratumVersion(),
                    new Manifest.Source(source.name(), namespace, h.serverVersion()), started, Instant.now(), reads.consistency(), entries);
            ManifestCodec.write(archive, m);
            return m;
        }
    }

    private static <T> Manifest.Entry exportType(ExportConsistency.ReadScope reads, Repository<T, Object> repo, Path file, String entity,
            BackupOptions options) {
        NeutralJson json = new NeutralJson(Targets.access(repo).mapper());
        ProgressTracker progress = new ProgressTracker("export", entity, repo.count(Query.all()), options.listener(),
                options.progressInterval());
        try (TypeFileWriter out = new TypeFileWriter(file); Stream<T> s = reads.stream(repo, Query.all())) {
            Iterator<T> it = s.iterator();
            while (it.hasNext()) {
                out.write(json.line(it.next()));
                progress.documents(1);
            }
            progress.done();
            return out.finish(entity, repo.metadata().type().getName());
        }
    }

    static String fileName(String entity, Set<String> taken) {
        String base = entity.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (base.startsWith(".")) {
            base = "_" + base;
        }
        String name = base + ".ndjson.gz";
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i + ".ndjson.gz";
        }
        return name;
    }

    private static void prepareDirectory(Path archive) {
        try {
            if (Files.exists(archive)) {
                try (Stream<Path> s = Files.list(archive)) {
                    if (s.findAny().isPresent()) {
                        throw new BackupException("archive directory " + archive + " is not empty; export into a new directory");
                    }
                }
            } else {
                Files.createDirectories(archive);
            }
        } catch (IOException e) {
            throw new BackupException("cannot create archive directory " + archive + ": " + e.getMessage(), e);
        }
    }
}
