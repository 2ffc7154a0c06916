package dev.stratum.testkit.firestore.internal;

import java.util.Comparator;

/**
 * Firestore resource names ({@code projects/P/databases/D/documents/c/d/...}) and their order: segment by
 * segment, numeric ids ({@code __id42__}) first in numeric order, other segments in UTF-8 byte order, a
 * shorter path before its extensions. That is the order of {@code __name__} and of reference values.
 */
final class ResourceNames {
    static final Comparator<String> ORDER = ResourceNames::compare;

    private ResourceNames() {
    }

    /** {@code projects/P/databases/D} of any name below a database, or an error naming the bad name. */
    static String database(String name) {
        String[] s = name.split("/", -1);
        if (s.length < 4 || !s[0].equals("projects") || !s[2].equals("databases") || s[1].isEmpty() || s[3].isEmpty()) {
            throw FirestoreError.invalid("Invalid resource name: '" + name + "'");
        }
        return s[0] + "/" + s[1] + "/" + s[2] + "/" + s[3];
    }

    /** The root of a database's documents: {@code projects/P/databases/D/documents}. */
    static String documentsRoot(String database) {
        return database + "/documents";
    }

    /** Checks that {@code name} is a document name in {@code database} (an even, non-zero number of segments below the root). */
    static void checkDocument(String database, String name) {
        String root = documentsRoot(database) + "/";
        if (!name.startsWith(root)) {
            throw FirestoreError.invalid("Document name '" + name + "' is not a child of database '" + database + "'");
        }
        String[] rel = name.substring(root.length()).split("/", -1);
        if (rel.length % 2 != 0) {
            throw FirestoreError.invalid("Document name '" + name + "' has " + rel.length + " segments; a document path needs an even number");
        }
        for (String seg : rel) {
            if (seg.isEmpty()) {
                throw FirestoreError.invalid("Document name '" + name + "' has an empty segment");
            }
            if (seg.equals(".") || seg.equals("..") || (seg.startsWith("__") && seg.endsWith("__") && !isNumericId(seg))) {
                throw FirestoreError.invalid("Document name '" + name + "' has a reserved id '" + seg + "'");
            }
        }
    }

    /** Checks that {@code parent} is the documents root of {@code database} or a document in it. */
    static void checkParent(String database, String parent) {
        if (!parent.equals(documentsRoot(database))) {
            checkDocument(database, parent);
        }
    }

    /** The last segment (a document's id, a collection's id). */
    static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path without its last segment. */
    static String parentPath(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** Whether {@code path} lies strictly below {@code prefix}. */
    static boolean isBelow(String path, String prefix) {
        return path.length() > prefix.length() + 1 && path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            int ie = a.indexOf('/', i);
            int je = b.indexOf('/', j);
            if (ie < 0) {
                ie = a.length();
            }
            if (je < 0) {
                je = b.length();
            }
            int c = compareSegments(a.substring(i, ie), b.substring(j, je));
            if (c != 0) {
                return c;
            }
            boolean aDone = ie >= a.length();
            boolean bDone = je >= b.length();
            if (aDone || bDone) {
                return Boolean.compare(!aDone, !bDone);
            }
            i = ie + 1;
            j = je + 1;
        }
    }

    private static int compareSegments(String a, String b) {
        boolean an = isNumericId(a);
        boolean bn = isNumericId(b);
        if (an && bn) {
            return Long.compare(numericId(a), numericId(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return compareUtf8(a, b);
    }

    private static boolean isNumericId(String s) {
        if (s.length() < 7 || !s.startsWith("__id") || !s.endsWith("__")) {
            return false;
        }
        try {
            Long.parseLong(s.substring(4, s.length() - 2));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long numericId(String s) {
        return Long.parseLong(s.substring(4, s.length() - 2));
    }

    /** Strings in UTF-8 byte order, which is code point order (not Java's UTF-16 unit order). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
