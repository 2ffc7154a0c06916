package dev.stratum.store.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the one MessagePack shape the scripts write with {@code cmsgpack.pack}: an array of strings
 * (a document's manifest: its version, then its index entries). Anything else reads as null.
 */
final class MsgpackStrings {
    private MsgpackStrings() {}

    static @Nullable List<String> unpack(byte[] b) {
        if (b.length == 0) {
            return null;
        }
        int[] pos = {0};
        int first = b[pos[0]++] & 0xff;
        long n;
        if ((first & 0xf0) == 0x90) {
            n = first & 0x0f;
        } else if (first == 0xdc) {
            n = read(b, pos, 2);
        } else if (first == 0xdd) {
            n = read(b, pos, 4);
        } else {
            return null;
        }
        List<String> out = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
            if (pos[0] >= b.length) {
                return null;
            }
            int t = b[pos[0]++] & 0xff;
            long len;
            if ((t & 0xe0) == 0xa0) {
                len = t & 0x1f;
            } else if (t == 0xd9 || t == 0xc4) {
                len = read(b, pos, 1);
            } else if (t == 0xda || t == 0xc5) {
                len = read(b, pos, 2);
            } else if (t == 0xdb || t == 0xc6) {
                len = read(b, pos, 4);
            } else {
                return null;
            }
            if (len < 0 || pos[0] + len > b.length) {
                return null;
            }
            out.add(new String(b, pos[0], (int) len, StandardCharsets.UTF_8));
            pos[0] += (int) len;
        }
        return out;
    }

    private static long read(byte[] b, int[] pos, int bytes) {
        if (pos[0] + bytes > b.length) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (b[pos[0]++] & 0xff);
        }
        return v;
    }
}
