package dev.stratum.store.elastic.internal;

import co.elastic.clients.json.JsonpDeserializable;
import co.elastic.clients.json.JsonpDeserializer;
import co.elastic.clients.json.JsonpDeserializerBase;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpParser;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored {@code _source} as the store reads it: the document class of the store's gets, multi-gets and
 * searches. The client finds its deserializer through {@link JsonpDeserializable}; on the client's Jackson
 * parser it reads the tokens straight into maps ({@link ElasticJson#readSource}: the maps Jackson's untyped
 * deserializer builds, sidecar included); on any other parser, or a
 * Jackson mapper configured to read numbers differently, it reads through the client's mapper as a plain map.
 */
@JsonpDeserializable
public final class ElasticStoredSource extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    /** The deserializer the client uses for this class (found by the annotation's default field name). */
    public static final JsonpDeserializer<ElasticStoredSource> _DESERIALIZER = new Deserializer();

    ElasticStoredSource() {
        super(32);
    }

    private static final class Deserializer extends JsonpDeserializerBase<ElasticStoredSource> {
        Deserializer() {
            super(EnumSet.of(JsonParser.Event.START_OBJECT));
        }

        @Override
        @SuppressWarnings("unchecked")
        public ElasticStoredSource deserialize(JsonParser parser, JsonpMapper mapper, JsonParser.Event event) {
            ElasticStoredSource out = new ElasticStoredSource();
            if (parser instanceof JacksonJsonpParser jackson && mapper instanceof JacksonJsonpMapper jm && plainNumbers(jm)) {
                try {
                    ElasticJson.readSource(jackson.jacksonParser(), out);
                } catch (IOException e) {
                    throw new JsonException("cannot read a _source: " + e.getMessage(), e);
                }
                return out;
            }
            Map<String, Object> plain = mapper.deserialize(parser, Map.class, event);
            out.putAll(plain);
            return out;
        }

        /** Whether the mapper reads numbers as the untyped deserializer does by default (what the streamed read does). */
        private static boolean plainNumbers(JacksonJsonpMapper mapper) {
            DeserializationConfig c = mapper.objectMapper().getDeserializationConfig();
            return !c.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) && !c.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                    && !c.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
        }
    }
}
