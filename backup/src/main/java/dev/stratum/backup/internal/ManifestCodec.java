package dev.stratum.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.Consistency;
import dev.stratum.backup.CorruptArchiveException;
import dev.stratum.backup.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** {@code manifest.json}: reading, writing (atomically, last) and the Stratum version. */
public final class ManifestCodec {
    public static final String FILE = "manifest.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String VERSION = loadVersion();

    private ManifestCodec() {}

    public static String stratumVersion() {
        return VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = ManifestCodec.class.getResourceAsStream("/dev/stratum/backup/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void write(Path archive, Manifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", m.format());
        root.put("stratumVersion", m.stratumVersion());
        ObjectNode src = root.putObject("source");
        src.put("system", m.source().system());
        src.put("namespace", m.source().namespace());
        src.put("serverVersion", m.source().serverVersion());
        root.put("startedAt", m.startedAt().toString());
        root.put("finishedAt", m.finishedAt().toString());
        ObjectNode c = root.putObject("consistency");
        c.put("level", m.consistency().level().name());
        c.put("mechanism", m.consistency().mechanism());
        c.put("detail", m.consistency().detail());
        ArrayNode entries = root.putArray("entries");
        for (Manifest.Entry e : m.entries()) {
            ObjectNode n = entries.addObject();
            n.put("entity", e.entity());
            n.put("type", e.type());
            n.put("file", e.file());
            n.put("count", e.count());
            n.put("sha256", e.sha256());
            n.put("bytes", e.bytes());
        }
        Path tmp = archive.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, archive.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException("cannot write the manifest of " + archive + ": " + e.getMessage(), e);
        }
    }

    /** The manifest's bytes (its hash identifies the archive in checkpoints). */
    static byte[] bytes(Path archive) {
        try {
            return Files.readAllBytes(archive.resolve(FILE));
        } catch (NoSuchFileException e) {
            throw new CorruptArchiveException(archive + " has no " + FILE + ": not an archive, or an export that did not finish");
        } catch (IOException e) {
            throw new BackupException("cannot read " + archive.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static Manifest read(Path archive) {
        return parse(bytes(archive), archive);
    }

    static Manifest parse(byte[] bytes, Path archive) {
        try {
            JsonNode root = JSON.readTree(bytes);
            int format = required(root, "format").asInt();
            if (format != Manifest.FORMAT) {
                throw new BackupException(archive + " has archive format " + format + "; this version reads format " + Manifest.FORMAT);
            }
            JsonNode src = required(root, "source");
            JsonNode c = required(root, "consistency");
            List<Manifest.Entry> entries = new ArrayList<>();
            for (JsonNode n : required(root, "entries")) {
                String file = required(n, "file").asText();
                if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                    throw new CorruptArchiveException(archive + ": manifest names an illegal file '" + file + "'");
                }
                entries.add(new Manifest.Entry(required(n, "entity").asText(), required(n, "type").asText(), file,
                        required(n, "count").asLong(), required(n, "sha256").asText(), required(n, "bytes").asLong()));
            }
            return new Manifest(format, required(root, "stratumVersion").asText(),
                    new Manifest.Source(required(src, "system").asText(), required(src, "namespace").asText(),
                            src.path("serverVersion").isTextual() ? src.get("serverVersion").asText() : null),
                    Instant.parse(required(root, "startedAt").asText()), Instant.parse(required(root, "finishedAt").asText()),
                    new Consistency(Consistency.Level.valueOf(required(c, "level").asText()), required(c, "mechanism").asText(),
                            required(c, "detail").asText()),
                    entries);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BackupException b) {
                throw b;
            }
            throw new CorruptArchiveException(archive + ": unreadable " + FILE + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new CorruptArchiveException(FILE + " lacks '" + field + "'");
        }
        return v;
    }
}
