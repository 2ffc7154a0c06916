package dev.stratum.store.firestore.internal;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One entity type's documents: entity id to document id, neutral document to the fields the client
 * writes (plus the TTL expiry), stored fields back to the neutral document, and the checks a
 * preconditioned replace makes on the document it read.
 */
final class FirestoreDocumentCodec {
    /** The field holding a TTL entity's expiry time (a Firestore TTL policy can be set on it). */
    static final String EXPIRES_AT = "_stratumExpiresAt";

    private final EntityMetadata<?> meta;
    private final DecimalPaths decimals;
    private final List<IndexDefinition> ttlIndexes;
    private final boolean ttl;
    private final Predicate<Map<String, Object>> expired;
    private final Supplier<Instant> now;
    private final String entityName;

    FirestoreDocumentCodec(EntityMetadata<?> meta, DecimalPaths decimals, List<IndexDefinition> ttlIndexes, boolean ttl,
            Predicate<Map<String, Object>> expired, Supplier<Instant> now) {
        this.meta = meta;
        this.decimals = decimals;
        this.ttlIndexes = ttlIndexes;
        this.ttl = ttl;
        this.expired = expired;
        this.now = now;
        this.entityName = meta.type().getSimpleName();
    }

    /**
     * The document id of an entity id: its text, with {@code %} and {@code /} percent-encoded (and a
     * leading {@code .} or {@code _} where Firestore reserves the name: {@code .}, {@code ..}, {@code __x__}).
     */
    String docId(Object id) {
        String s = FirestoreDocumentIds.encode(String.valueOf(id));
        if (s.getBytes(StandardCharsets.UTF_8).length > 1500) {
            throw new InvalidEntityException("id of " + entityName + " is over Firestore's 1,500-byte limit for document ids;"
                    + " nothing was written");
        }
        return s;
    }

        Map<String, Object> encode(WriteOp op) {
        Map<String, Object> encoded = FirestoreValues.encodeDocument(op.document(), entityName, op.id());
        if (ttl) {
            Instant expiry = meta.ttlSeconds() > 0 ? now.get().plusSeconds(meta.ttlSeconds()) : null;
            for (IndexDefinition ix : ttlIndexes) {
                Object v = DocumentPath.get(op.document(), ix.fields().get(0).path());
                if (v instanceof Instant at) {
                    Instant e = at.plusSeconds(ix.ttlSeconds());
                    expiry = expiry == null || e.isBefore(expiry) ? e : expiry;
                }
            }
            encoded.put(EXPIRES_AT, expiry == null ? null : FirestoreValues.timestamp(expiry));
        }
        return encoded;
    }

    /** A stored document (mutable, stored form) as the neutral document AbstractRepository decodes. */
    Map<String, Object> neutral(String docId, Map<String, Object> stored) {
        stored.remove(EXPIRES_AT);
        if (!stored.containsKey(meta.idProperty())) {
            stored.put(meta.idProperty(), idFromDocId(docId));
        }
        return decimals.decode(stored);
    }

    Object idFromDocId(String encodedDocId) {
        String docId = FirestoreDocumentIds.decode(encodedDocId);
        Class<?> t = meta.idType();
        if (t == Long.class || t == long.class) {
            try {
                return Long.parseLong(docId);
            } catch (NumberFormatException e) {
                return docId;
            }
        }
        return docId;
    }

    @Nullable Map<String, Object> live(DocumentSnapshot snap) {
        if (!snap.exists()) {
            return null;
        }
        Map<String, Object> stored = FirestoreQueryExecutor.storedOf(snap);
        return expired.test(stored) ? null : stored;
    }

    @Nullable Long version(Map<String, Object> stored) {
        Object v = meta.versionProperty().map(stored::get).orElse(null);
        return v instanceof Number n ? n.longValue() : null;
    }

    /** NOT_FOUND/VERSION_CONFLICT for a snapshot that cannot be replaced, or null if it can. */
    @Nullable WriteOutcome check(DocumentSnapshot snap, @Nullable Long expected) {
        Map<String, Object> stored = live(snap);
        if (stored == null) {
            return WriteOutcome.NOT_FOUND;
        }
        if (expected != null && !expected.equals(version(stored))) {
            return WriteOutcome.VERSION_CONFLICT;
        }
        return null;
    }

    /** Field path/value pairs replacing the whole document: every new field, and a delete of every other old one. */
    static List<Object> replacement(DocumentSnapshot snap, Map<String, Object> encoded) {
        List<Object> pairs = new ArrayList<>(encoded.size() * 2 + 4);
        for (Map.Entry<String, Object> e : encoded.entrySet()) {
            pairs.add(FieldPath.of(e.getKey()));
            pairs.add(e.getValue());
        }
        Map<String, Object> old = snap.getData();
        if (old != null) {
            for (String k : old.keySet()) {
                if (!encoded.containsKey(k)) {
                    pairs.add(FieldPath.of(k));
                    pairs.add(FieldValue.delete());
                }
            }
        }
        return pairs;
    }

}
