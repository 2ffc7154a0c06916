package dev.stratum.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a secret (a password, an API key) never shows in what a store lets out: exception
 * messages and stack traces, {@code toString()}, log lines written to the console, span data. Used by
 * every store's security test; usable in a service's own tests the same way.
 *
 * <pre>{@code
 * String logs = SecretLeaks.capturingOutput(() -> {
 *     Throwable t = catchThrowable(() -> store.repository(Task.class).count(Query.all()));
 *     SecretLeaks.assertAbsent(PASSWORD, "the exception", SecretLeaks.describe(t));
 * });
 * SecretLeaks.assertAbsent(PASSWORD, "the logs", logs);
 * }</pre>
 *
 * <p>A text leaks the secret if it contains the secret itself, its percent-encoded forms, or its first
 * or last six characters (so a truncated or partly redacted rendering is caught too).
 */
public final class SecretLeaks {
    /** A password holding every character that is special in a URI ({@code @ : / ? # % +} and a space). */
    public static final String URI_SPECIAL_PASSWORD = "Qx7@pa:ss/wo?rd#with%+and spaceZ9k";

    private static final Object OUTPUT_LOCK = new Object();

    private SecretLeaks() {}

    /**
     * Runs {@code body} with {@code System.out} and {@code System.err} captured (and still echoed), so
     * log lines of console logging backends (slf4j-simple, the default JUL console handler set up after
     * the capture starts) are seen; returns what was written, from every thread, while it ran.
     */
    public static String capturingOutput(Runnable body) {
        Objects.requireNonNull(body, "body");
        synchronized (OUTPUT_LOCK) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(new Tee(captured, out), true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(new Tee(captured, err), true, StandardCharsets.UTF_8));
                body.run();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Every message, {@code toString()} and stack trace line of a throwable, its causes and suppressed ones. */
    public static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * Fails with an {@link AssertionError} naming {@code where} (never the secret) if any of
     * {@code texts} (each rendered with {@code String.valueOf}) shows the secret.
     */
    public static void assertAbsent(String secret, String where, Object... texts) {
        List<String> forms = forms(secret);
        for (Object text : texts) {
            String s = String.valueOf(text);
            for (String form : forms) {
                int at = s.indexOf(form);
                if (at >= 0) {
                    throw new AssertionError("the secret shows in " + where + " (a " + form.length() + "-character part of it at offset "
                            + at + " of " + s.length() + ")");
                }
            }
        }
    }

    /** The secret, its percent-encoded forms, and its first and last six characters. */
    static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(percentEncode(secret));
        if (secret.length() >= 12) {
            forms.add(secret.substring(0, 6));
            forms.add(secret.substring(secret.length() - 6));
        }
        return forms;
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters (a space becomes {@code %20}). */
    public static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            int v = c & 0xff;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '-' || v == '.' || v == '_' || v == '~') {
                b.append((char) v);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16))).append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Writes to the capture and to the original stream. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream capture;
        private final OutputStream original;

        Tee(ByteArrayOutputStream capture, OutputStream original) {
            this.capture = capture;
            this.original = original;
        }

        @Override
        public void write(int b) {
            synchronized (capture) {
                capture.write(b);
            }
            try {
                original.write(b);
            } catch (IOException e) {
                // the echo is best effort
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (capture) {
                capture.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (IOException e) {
                // the echo is best effort
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
