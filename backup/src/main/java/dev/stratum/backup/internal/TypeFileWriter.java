package dev.stratum.backup.internal;

import dev.stratum.backup.BackupException;
import dev.stratum.backup.Manifest;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Writes one entity type's {@code .ndjson.gz} file, counting lines and hashing the compressed bytes. */
final class TypeFileWriter implements AutoCloseable {
    private final Path file;
    private final MessageDigest digest = NeutralJson.digest();
    private final CountingStream counting;
    private final OutputStream out;
    private long count;
    private boolean closed;

    TypeFileWriter(Path file) {
        this.file = file;
        try {
            this.counting = new CountingStream(new DigestOutputStream(Files.newOutputStream(file), digest));
            this.out = new BufferedOutputStream(new GZIPOutputStream(counting, 64 * 1024), 64 * 1024);
        } catch (IOException e) {
            throw new BackupException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    void write(byte[] line) {
        try {
            out.write(line);
            out.write('\n');
            count++;
        } catch (IOException e) {
            throw new BackupException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Finishes the file and describes it. */
    Manifest.Entry finish(String entity, String type) {
        close();
        return new Manifest.Entry(entity, type, file.getFileName().toString(), count, HexFormat.of().formatHex(digest.digest()),
                counting.bytes);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new BackupException("cannot finish " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long bytes;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }
    }
}
