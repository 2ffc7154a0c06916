package dev.stratum.backup.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.backup.Manifest;
import dev.stratum.backup.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares expected documents (an archive's lines or a source store's stream) with a target, batch by
 * batch: the target's documents of a batch's ids are fetched with {@code findAllById} and compared as
 * canonical bytes; counts reveal extra target documents. Memory: one batch.
 */
public final class VerifyJob {
    private VerifyJob() {}

    public static VerifyReport archive(Path archive, Store target, List<Class<?>> types, BackupOptions options) {
        byte[] manifestBytes = ManifestCodec.bytes(archive);
        Manifest manifest = ManifestCodec.parse(manifestBytes, archive);
        List<RestoreJob.Planned> plan = new ArrayList<>();
        for (Class<?> t : types.isEmpty() ? manifest.entries().stream().map(e -> load(e.type())).toList() : types) {
            String entity = EntityMetadata.of(t).collection();
            Manifest.Entry e = manifest.entry(entity).orElseThrow(() -> new BackupException("the archive holds no '"
                    + entity + "'"));
            ArchiveValidator.validate(archive, e, EntityMetadata.of(t).idProperty());
            plan.add(new RestoreJob.Planned(e, t));
        }
        List<VerifyReport.TypeReport> reports = new ArrayList<>();
        for (RestoreJob.Planned p : plan) {
            reports.add(fromArchive(archive, p.entry(), Targets.repository(target, p.type()), options));
        }
        return new VerifyReport(reports);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new BackupException("the archive's type " + name + " is not on the class path; pass the types", e);
        }
    }

    private static <T> VerifyReport.TypeReport fromArchive(Path archive, Manifest.Entry entry, Repository<T, Object> target,
            BackupOptions options) {
        NeutralJson json = new NeutralJson(Targets.access(target).mapper());
        Comparison<T> c = new Comparison<>(target, json, options);
        try (TypeFileReader in = new TypeFileReader(archive.resolve(entry.file()))) {
            byte[] line;
            while ((line = in.next()) != null) {
                Object id = NeutralJson.id(json.mapper().toDocument(json.entity(line, target.metadata().type())), target.metadata());
                c.expect(id, line);
            }
        }
        return c.finish();
    }

    public static VerifyReport stores(Store source, Store target, List<Class<?>> types, BackupOptions options) {
        List<VerifyReport.TypeReport> reports = new ArrayList<>();
        try (ExportConsistency.ReadScope reads = Targets.reads(source, options)) {
            for (Class<?> t : types) {
                reports.add(fromStore(reads, Targets.repository(source, t), Targets.repository(target, t), options));
            }
        }
        return new VerifyReport(reports);
    }

    private static <T> VerifyReport.TypeReport fromStore(ExportConsistency.ReadScope reads, Repository<T, Object> source,
            Repository<?, Object> target, BackupOptions options) {
        NeutralJson json = new NeutralJson(Targets.access(source).mapper());
        Comparison<?> c = new Comparison<>(target, new NeutralJson(Targets.access(target).mapper()), options);
        try (Stream<T> s = reads.stream(source, Query.all())) {
            Iterator<T> it = s.iterator();
            while (it.hasNext()) {
                Map<String, Object> doc = json.mapper().toDocument(it.next());
                c.expect(NeutralJson.id(doc, source.metadata()), json.bytes(doc));
            }
        }
        return c.finish();
    }

    /** The running comparison of one type. */
    private static final class Comparison<T> {
        private final Repository<T, Object> target;
        private final NeutralJson json;
        private final BackupOptions options;
        private final ProgressTracker progress;
        private final List<Object> ids = new ArrayList<>();
        private final List<byte[]> lines = new ArrayList<>();
        private final List<VerifyReport.Difference> differences = new ArrayList<>();
        private long expected;
        private long matched;
        private long missing;
        private long different;

        @SuppressWarnings("unchecked")
        Comparison(Repository<?, Object> target, NeutralJson json, BackupOptions options) {
            this.target = (Repository<T, Object>) target;
            this.json = json;
            this.options = options;
            this.progress = new ProgressTracker("verify", target.metadata().collection(), -1, options.listener(), options.progressInterval());
        }

        void expect(Object id, byte[] line) {
            ids.add(id);
            lines.add(line);
            expected++;
            if (ids.size() == options.batchSize()) {
                flush();
            }
        }

        private void flush() {
            if (ids.isEmpty()) {
                return;
            }
            Map<String, byte[]> actual = new HashMap<>();
            for (T e : target.findAllById(ids)) {
                Map<String, Object> doc = json.mapper().toDocument(e);
                actual.put(String.valueOf(NeutralJson.id(doc, target.metadata())), json.bytes(doc));
            }
            for (int i = 0; i < ids.size(); i++) {
                byte[] want = lines.get(i);
                byte[] got = actual.get(String.valueOf(ids.get(i)));
                if (got != null && Arrays.equals(want, got)) {
                    matched++;
                    continue;
                }
                if (got == null) {
                    missing++;
                } else {
                    different++;
                }
                if (differences.size() < options.maxReportedDifferences()) {
                    differences.add(new VerifyReport.Difference(target.metadata().collection(),
                            new String(json.bytes(ids.get(i)), StandardCharsets.UTF_8),
                            got == null ? VerifyReport.Difference.Kind.MISSING : VerifyReport.Difference.Kind.DIFFERENT,
                            NeutralJson.sha256(want), got == null ? "" : NeutralJson.sha256(got)));
                }
            }
            progress.documents(ids.size());
            ids.clear();
            lines.clear();
        }

        VerifyReport.TypeReport finish() {
            flush();
            progress.done();
            long actualCount = target.count(Query.all());
            return new VerifyReport.TypeReport(target.metadata().collection(), expected, actualCount, matched, missing, different, differences);
        }
    }
}
