package dev.stratum.backup.internal;

import dev.stratum.backup.BackupException;
import dev.stratum.backup.CorruptArchiveException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/** Reads one entity type's file line by line (a line is canonical JSON, which never holds a raw newline). */
final class TypeFileReader implements AutoCloseable {
    private final Path file;
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long lineNumber;

    TypeFileReader(Path file) {
        this.file = file;
        try {
            this.in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), 64 * 1024);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The next line, or null at the end. */
    byte @Nullable [] next() {
        line.reset();
        try {
            while (true) {
                if (pos == limit) {
                    limit = in.read(buf);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        break;
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                line.write(buf, start, pos - start);
                if (pos < limit) {
                    pos++;   // the newline
                    lineNumber++;
                    return line.toByteArray();
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
        if (line.size() > 0) {
            throw new CorruptArchiveException(file.getFileName() + " ends inside line " + (lineNumber + 1) + " (truncated)");
        }
        return null;
    }

    long lineNumber() {
        return lineNumber;
    }

    private BackupException failure(IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return new CorruptArchiveException(file.getFileName() + " is not a complete gzip file: " + e.getMessage(), e);
        }
        return new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // reading is over; nothing to lose
        }
    }
}
