package dev.stratum.cache.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one instance tells the others after a write: the ids whose L1 entries to drop and the query
 * tags to invalidate, or "everything" after a {@code deleteAll}. Encoded as a small JSON object
 * {@code {"v":1,"o":origin,"i":[ids],"t":[tags],"a":true}} so other versions can read it.
 *
 * @param origin the sending instance (its own messages are ignored)
 * @param ids formatted ids
 * @param tags query tags
 * @param all whether the whole cache is invalid
 */
public record InvalidationMessage(String origin, List<String> ids, List<String> tags, boolean all) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public InvalidationMessage {
        ids = List.copyOf(ids);
        tags = List.copyOf(tags);
    }

    /** A message invalidating ids and tags. */
    public static InvalidationMessage of(String origin, Collection<String> ids, Collection<String> tags) {
        return new InvalidationMessage(origin, new ArrayList<>(ids), new ArrayList<>(tags), false);
    }

    /** A message invalidating everything. */
    public static InvalidationMessage all(String origin) {
        return new InvalidationMessage(origin, List.of(), List.of(), true);
    }

    /** The JSON form. */
    public String encode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", 1);
        n.put("o", origin);
        if (all) {
            n.put("a", true);
        }
        if (!ids.isEmpty()) {
            ArrayNode a = n.putArray("i");
            ids.forEach(a::add);
        }
        if (!tags.isEmpty()) {
            ArrayNode a = n.putArray("t");
            tags.forEach(a::add);
        }
        return n.toString();
    }

    /** Parses a message, or returns null when it is not one of ours. */
    public static @Nullable InvalidationMessage decode(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject() || !n.path("o").isTextual()) {
                return null;
            }
            return new InvalidationMessage(n.get("o").asText(), strings(n.path("i")), strings(n.path("t")), n.path("a").asBoolean(false));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
