package dev.stratum.backup.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.MappingException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The archive's line form of a neutral document: JSON written by the store's own Jackson mapper (so
 * instants, dates and UUIDs as ISO text, bytes as Base64, decimals with every digit) with map keys
 * sorted, which makes it canonical: equal neutral documents give equal bytes on every store.
 * Restoring reads a line back through the entity type ({@link EntityMapper}'s lenient reading), which
 * gives the exact neutral document again.
 */
public final class NeutralJson {
    private final EntityMapper mapper;
    private final ObjectWriter writer;

    public NeutralJson(EntityMapper mapper) {
        this.mapper = mapper;
        this.writer = mapper.objectMapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public EntityMapper mapper() {
        return mapper;
    }

    /** The canonical line (without newline) of an entity. */
    public byte[] line(Object entity) {
        return bytes(mapper.toDocument(entity));
    }

    /** The canonical JSON of a neutral document or value. */
    public byte[] bytes(Object neutral) {
        try {
            return writer.writeValueAsBytes(neutral);
        } catch (IOException e) {
            throw new MappingException("cannot write canonical JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a line into an entity of {@code type}. */
    public <T> T entity(byte[] line, Class<T> type) {
        try {
            return reader(type).readValue(line);
        } catch (IOException e) {
            throw new MappingException("cannot read a " + type.getName() + " from an archive line: " + e.getMessage(), e);
        }
    }

    private ObjectReader reader(Class<?> type) {
        return mapper.objectMapper().readerFor(type);
    }

    /** The neutral id held in a neutral document. */
    public static Object id(Map<String, Object> document, EntityMetadata<?> metadata) {
        Object id = document.get(metadata.idProperty());
        if (id == null) {
            throw new MappingException(metadata.type().getName() + " document without an id");
        }
        return id;
    }

    /** Converts a checkpointed id (JSON text) back to the id property's Java type. */
    public Object idFromJson(String json, EntityMetadata<?> metadata) {
        try {
            Object raw = mapper.objectMapper().readValue(json, Object.class);
            JavaType t = Objects.requireNonNull(metadata.properties().get(metadata.idProperty()), "the id property's type");
            return Objects.requireNonNull(mapper.toValue(mapper.fromValue(raw, t)), "a checkpointed id is never null");
        } catch (IOException e) {
            throw new MappingException("bad id in checkpoint: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** A new SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
