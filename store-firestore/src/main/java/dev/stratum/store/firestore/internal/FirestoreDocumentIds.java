package dev.stratum.store.firestore.internal;

/**
 * Entity ids as Firestore document ids. Any non-empty string is an entity id; a document id may not
 * contain {@code /}, be {@code .} or {@code ..}, or match {@code __.*__}. So {@code %} and {@code /}
 * are percent-encoded, and a reserved name gets its first character encoded. Decoding reverses it.
 */
public final class FirestoreDocumentIds {
    private FirestoreDocumentIds() {}

    public static String encode(String id) {
        String s = id.indexOf('%') >= 0 || id.indexOf('/') >= 0 ? id.replace("%", "%25").replace("/", "%2F") : id;
        if (s.equals(".") || s.equals("..")) {
            return "%2E" + s.substring(1);
        }
        if (s.length() >= 4 && s.startsWith("__") && s.endsWith("__")) {
            return "%5F" + s.substring(1);
        }
        return s;
    }

    public static String decode(String docId) {
        if (docId.indexOf('%') < 0) {
            return docId;
        }
        StringBuilder out = new StringBuilder(docId.length());
        for (int i = 0; i < docId.length(); i++) {
            char c = docId.charAt(i);
            int hex = c == '%' && i + 2 < docId.length() ? hex(docId.substring(i + 1, i + 3)) : -1;
            if (hex >= 0) {
                out.append((char) hex);
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(String two) {
        try {
            return Integer.parseInt(two, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
