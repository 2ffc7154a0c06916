package dev.stratum.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a store signs its keyset page cursors with (HMAC-SHA256), so a cursor that was altered
 * — or made by a store with another key — is refused outright with an {@link InvalidQueryException}
 * instead of silently reading a wrong page.
 *
 * <p>Every store defaults to {@link #random()}: a fresh key per store instance. Cursors then do
 * <em>not</em> survive a restart, nor travel between application instances behind a load balancer:
 * a client that presents a cursor to another instance gets an {@link InvalidQueryException} and must
 * start from the first page. Configure the same key on every instance to let cursors travel:
 *
 * <pre>{@code
 * CursorKey key = CursorKey.fromBase64(System.getenv("STRATUM_CURSOR_KEY")); // 16+ random bytes, Base64
 * MongoStore store = MongoStore.builder().uri("mongodb://db:27017/app").cursorKey(key).build();
 * }</pre>
 *
 * <p>The secret never appears in {@link #toString()}, messages or logs.
 */
public final class CursorKey {
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec secret;

    private CursorKey(byte[] secret) {
        this.secret = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A fresh random 32-byte key: cursors are valid only for the store instance that made them. */
    public static CursorKey random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new CursorKey(b);
    }

    /**
     * A key from a secret of at least {@value #MIN_BYTES} bytes (copied).
     *
     * @throws IllegalArgumentException if the secret is shorter
     */
    public static CursorKey of(byte[] secret) {
        if (secret == null || secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("a cursor key needs at least " + MIN_BYTES + " secret bytes, got "
                    + (secret == null ? "none" : secret.length));
        }
        return new CursorKey(secret.clone());
    }

    /**
     * A key from a Base64 (standard or URL-safe) secret of at least {@value #MIN_BYTES} bytes.
     *
     * @throws IllegalArgumentException if it is not Base64 or too short (the message never quotes it)
     */
    public static CursorKey fromBase64(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("a cursor key needs a Base64 secret, got null");
        }
        byte[] raw;
        try {
            raw = secret.indexOf('-') >= 0 || secret.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(secret.strip())
                    : Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor key is not valid Base64");
        }
        try {
            return of(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The HMAC-SHA256 of {@code message} under this key (32 bytes). */
    public byte[] sign(byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    /** Whether {@code tag} is the first {@code tag.length} bytes of {@link #sign}{@code (message)}, compared in constant time. */
    public boolean verify(byte[] message, byte[] tag) {
        byte[] full = sign(message);
        return tag.length > 0 && tag.length <= full.length && MessageDigest.isEqual(Arrays.copyOf(full, tag.length), tag);
    }

    @Override
    public String toString() {
        return "CursorKey[secret hidden]";
    }
}
