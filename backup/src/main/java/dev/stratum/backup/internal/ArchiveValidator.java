package dev.stratum.backup.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.CorruptArchiveException;
import dev.stratum.backup.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Checks an archive without touching any store: every file's size and SHA-256 against the manifest,
 * then every line: complete gzip, one JSON object per line holding a non-null id, as many lines as
 * the manifest says. Streams; memory is one line.
 */
final class ArchiveValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveValidator() {}

    static void validate(Path archive, Manifest.Entry entry, String idProperty) {
        Path file = archive.resolve(entry.file());
        checksum(file, entry);
        try (TypeFileReader in = new TypeFileReader(file)) {
            byte[] line;
            long n = 0;
            while ((line = in.next()) != null) {
                n++;
                checkLine(line, idProperty, entry, n);
            }
            if (n != entry.count()) {
                throw new CorruptArchiveException(entry.file() + " holds " + n + " documents, the manifest says " + entry.count());
            }
        }
    }

    private static void checksum(Path file, Manifest.Entry entry) {
        MessageDigest d = NeutralJson.digest();
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                d.update(buf, 0, r);
                size += r;
            }
        } catch (NoSuchFileException e) {
            throw new CorruptArchiveException("archive file " + entry.file() + " (" + entry.entity() + ") is missing");
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size != entry.bytes()) {
            throw new CorruptArchiveException(entry.file() + " has " + size + " bytes, the manifest says " + entry.bytes()
                    + (size < entry.bytes() ? " (truncated)" : ""));
        }
        String sha = HexFormat.of().formatHex(d.digest());
        if (!sha.equals(entry.sha256())) {
            throw new CorruptArchiveException(entry.file() + " fails its checksum: SHA-256 " + sha + ", the manifest says " + entry.sha256());
        }
    }

    private static void checkLine(byte[] line, String idProperty, Manifest.Entry entry, long n) {
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptArchiveException(entry.file() + " line " + n + " is not a JSON object");
            }
            boolean id = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(idProperty) && v != JsonToken.VALUE_NULL) {
                    id = true;
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new CorruptArchiveException(entry.file() + " line " + n + " is not one JSON object");
            }
            if (!id) {
                throw new CorruptArchiveException(entry.file() + " line " + n + " has no '" + idProperty + "'");
            }
        } catch (IOException e) {
            throw new CorruptArchiveException(entry.file() + " line " + n + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
