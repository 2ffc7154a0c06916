package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Migration;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checksums of migrations: the explicit {@link Migration#checksum()}, else a SHA-256 of the
 * migration's {@code .class} file (first 16 hex digits).
 *
 * <p>Debug attributes (line numbers, local-variable tables, source file name) are left out of the
 * digest, so editing a comment, an import or blank lines of an applied migration does not change
 * its checksum, while any change to its code or constants does. Renaming a local variable, or
 * switching the compiler's debug option ({@code -g} / {@code -g:none}), changes the constant pool and
 * so the checksum; declare {@link Migration#checksum()} where that matters.
 */
public final class Checksums {
    private static final Logger log = LoggerFactory.getLogger(Checksums.class);
    /** Attributes that only carry debugging information and shift when lines move. */
    private static final Set<String> DEBUG_ATTRIBUTES = Set.of("LineNumberTable", "LocalVariableTable",
            "LocalVariableTypeTable", "SourceFile", "SourceDebugExtension");

    private Checksums() {}

    /** The checksum of a migration: explicit if it declares one, else derived from its class bytes. */
    public static String of(Migration migration) {
        String explicit = migration.checksum();
        if (explicit != null) {
            return explicit;
        }
        return ofClass(migration.getClass());
    }

    /** The checksum derived from a class's bytes (without its debug attributes). */
    public static String ofClass(Class<?> type) {
        byte[] bytes = classBytes(type);
        if (bytes == null) {
            // e.g. a class generated at run time: nothing stable to hash but its name
            log.debug("no class file found for {}: its checksum is derived from its name only", type.getName());
            return sha256(("class:" + type.getName()).getBytes(StandardCharsets.UTF_8));
        }
        return ofClassFile(bytes);
    }

    /** The checksum of a class file's bytes, without its debug attributes. */
    public static String ofClassFile(byte[] classFile) {
        MessageDigest digest = newDigest();
        try {
            new ClassFileWalker(classFile, digest).walk();
        } catch (IOException | RuntimeException e) {
            // not a class file we understand (a future format?): hash it whole
            log.debug("could not parse class file ({}); hashing its raw bytes", e.toString());
            digest.reset();
            digest.update(classFile);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static String sha256(byte[] data) {
        MessageDigest digest = newDigest();
        digest.update(data);
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte @Nullable [] classBytes(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Walks a class file (JVMS chapter 4) feeding everything but debug attributes to the digest.
     * Only the structure is parsed; instructions are hashed as bytes.
     */
    private static final class ClassFileWalker {
        private final DataInputStream in;
        private final byte[] source;
        private final MessageDigest digest;
        private String[] utf8 = new String[0];

        ClassFileWalker(byte[] source, MessageDigest digest) {
            this.source = source;
            this.in = new DataInputStream(new ByteArrayInputStream(source));
            this.digest = digest;
        }

        void walk() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("bad magic");
            }
            in.readUnsignedShort(); // minor version: compiler target differences are not code changes
            in.readUnsignedShort(); // major version
            copyConstantPool();
            copy(6); // access flags, this class, super class
            int interfaces = copyU2();
            copy(2 * interfaces);
            copyMembers(); // fields
            copyMembers(); // methods
            copyAttributes();
            if (in.available() != 0) {
                throw new IOException("trailing bytes");
            }
        }

        private void copyConstantPool() throws IOException {
            int count = copyU2();
            utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                digest.update((byte) tag);
                switch (tag) {
                    case 1 -> {
                        int len = in.readUnsignedShort();
                        byte[] b = in.readNBytes(len);
                        feedU2(len);
                        digest.update(b);
                        utf8[i] = new String(b, StandardCharsets.UTF_8); // modified UTF-8; exact for attribute names
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> copy(4);
                    case 5, 6 -> {
                        copy(8);
                        i++; // long and double take two slots
                    }
                    case 7, 8, 16, 19, 20 -> copy(2);
                    case 15 -> copy(3);
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
        }

        private void copyMembers() throws IOException {
            int count = copyU2();
            for (int i = 0; i < count; i++) {
                copy(6); // access flags, name, descriptor
                copyAttributes();
            }
        }

        private void copyAttributes() throws IOException {
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                int nameIndex = in.readUnsignedShort();
                int length = in.readInt();
                String name = nameIndex < utf8.length && utf8[nameIndex] != null ? utf8[nameIndex] : "";
                if (DEBUG_ATTRIBUTES.contains(name)) {
                    in.skipNBytes(length);
                } else if (name.equals("Code")) {
                    feedU2(nameIndex);
                    copy(4); // max stack, max locals
                    int codeLength = in.readInt();
                    feedInt(codeLength);
                    copy(codeLength);
                    int handlers = copyU2();
                    copy(8 * handlers);
                    copyAttributes();
                } else {
                    feedU2(nameIndex);
                    feedInt(length);
                    copy(length);
                }
            }
        }

        private int copyU2() throws IOException {
            int v = in.readUnsignedShort();
            feedU2(v);
            return v;
        }

        private void copy(int n) throws IOException {
            int offset = source.length - in.available();
            if (n < 0 || offset + n > source.length) {
                throw new IOException("truncated class file");
            }
            digest.update(source, offset, n);
            in.skipNBytes(n);
        }

        private void feedU2(int v) {
            digest.update((byte) (v >>> 8));
            digest.update((byte) v);
        }

        private void feedInt(int v) {
            feedU2(v >>> 16);
            feedU2(v & 0xFFFF);
        }
    }
}
