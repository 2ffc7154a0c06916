package dev.stratum.store.elastic.internal;

import co.elastic.clients.json.DelegatingJsonGenerator;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpSerializable;
import co.elastic.clients.json.jackson.JacksonJsonpGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code _source} about to be written: the map the store builds (entity properties, then the sidecar), which
 * the client serialises by calling {@link #serialize}; on the client's Jackson generator it streams itself with
 * {@link ElasticJson#write} (no {@code ObjectMapper} dispatch per value), on any other JSON-P generator it goes
 * through the client's mapper as a plain map, as before.
 */
public final class ElasticSource extends LinkedHashMap<String, Object> implements JsonpSerializable {
    private static final long serialVersionUID = 1L;
    private final transient ObjectMapper json;
    private final transient boolean streamed;

    ElasticSource(Map<String, Object> document, int extra, ObjectMapper json, boolean streamed) {
        super((int) ((document.size() + extra) / 0.75f) + 1);
        putAll(document);
        this.json = json;
        this.streamed = streamed;
    }

    @Override
    public void serialize(JsonGenerator generator, JsonpMapper mapper) {
        JsonGenerator g = generator;
        while (g instanceof DelegatingJsonGenerator d) {
            g = d.unwrap();
        }
        if (g instanceof JacksonJsonpGenerator jackson) {
            try {
                writeTo(jackson.jacksonGenerator());
            } catch (IOException e) {
                throw new JsonException("cannot write a _source: " + e.getMessage(), e);
            }
            return;
        }
        mapper.serialize(new LinkedHashMap<>(this), generator);
    }

    /** Writes this {@code _source} as JSON (what the client sends). */
    // Jackson's generator, named in full: JSON-P's JsonGenerator is imported
    public void writeTo(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
        if (streamed) {
            ElasticJson.write(g, this, json);
        } else {
            json.writerFor(Map.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                    .writeValue(g, new LinkedHashMap<>(this));
        }
    }
}
