package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.JsonpMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.MappingException;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Creates an entity's index the way later mapping changes can be migrations: an index template
 * ({@code <alias>_template} for {@code <alias>_v*}) carrying the explicit mapping, and a first index
 * {@code <alias>_v1} behind the alias {@code <alias>} (its write index). A migration that changes the
 * mapping creates {@code <alias>_v2}, copies the documents and swaps the alias in one
 * {@code _aliases} call ({@link ElasticIndexMigration}).
 *
 * <p>Template priority: Elasticsearch refuses two templates with overlapping patterns at the same
 * priority, and the patterns of two aliases overlap when one alias plus {@code _v} is a prefix of the
 * other ({@code tasks_v*} matches {@code tasks_votes_v1}). Each template's priority is therefore
 * {@link #BASE_PRIORITY} plus the alias's length ({@link #priority}): two overlapping patterns always
 * differ in length, and the longer, more specific one wins for the indexes both match, which are
 * exactly the longer alias's own ({@code tasks_vN} never matches {@code tasks_votes_v*}: its digits
 * hold no {@code _v}). A template left at the former fixed priority 200 is put again at the new one
 * when its store opens.
 *
 * <p>If the alias (or an index of that name) already exists, its mapping is compared with the
 * entity's <b>before anything is written</b>, so a refused open changes neither the template nor the
 * index: a field whose definition differs in an attribute Stratum sets or relies on ({@link #COMPARED}:
 * type, date format, {@code enabled}, {@code dynamic}, {@code ignore_above}, {@code depth_limit},
 * {@code index}, {@code doc_values}, also of multi-fields such as a text field's {@code kw}) is a
 * {@link MappingException} naming the field, the index's definition and the entity's; fields the index
 * lacks are added with {@code _mapping}.
 */
public final class ElasticIndexes {
    /** The priority of the template of a zero-length alias; each template adds its alias's length. */
    public static final long BASE_PRIORITY = 200L;
    /** The field attributes Stratum sets or relies on; a difference in one of them is a conflict. */
    static final List<String> COMPARED = List.of("type", "format", "enabled", "dynamic", "ignore_above", "depth_limit", "index",
            "doc_values");
    private static final Map<String, String> DEFAULTS = Map.of("enabled", "true", "index", "true", "doc_values", "true");
    /** The format of a {@code date} field mapped without one (and what the server returns no format for). */
    private static final String DEFAULT_DATE_FORMAT = "strict_date_optional_time||epoch_millis";

    private ElasticIndexes() {}

    /** The name of an alias's index template. */
    public static String templateName(String alias) {
        return alias + "_template";
    }

    /** The pattern of an alias's index template: its versioned indexes. */
    public static String pattern(String alias) {
        return alias + "_v*";
    }

    /** The priority of an alias's template: longer aliases (more specific patterns) win where patterns overlap. */
    public static long priority(String alias) {
        return BASE_PRIORITY + alias.length();
    }

    /** Ensures template, index and alias exist with a compatible mapping. */
    public static void ensure(ElasticConnection connection, ObjectMapper json, String alias, Map<String, Object> mapping,
            @Nullable Integer replicas, String entity) {
        ElasticsearchClient client = connection.client();
        String mappingJson = write(json, mapping);
        boolean exists = connection.call("look up the alias " + alias,
                () -> client.indices().existsAlias(a -> a.name(alias)).value() || client.indices().exists(e -> e.index(alias)).value());
        // the check comes first: a refused open must leave the template and the index as they were
        boolean missing = exists && check(connection, json, alias, mappingJson, entity);
        // putting a template is a cluster-state update (hundreds of ms on a loaded server); a store opened again on the
        // same indexes finds it unchanged (or covering this mapping) with one GET and skips it
        if (!templateCovers(connection, json, alias, mappingJson, replicas)) {
            putTemplate(connection, alias, mappingJson, replicas, entity);
        }
        if (!exists) {
            try {
                connection.client().indices().create(c -> c.index(alias + "_v1").aliases(alias, a -> a.isWriteIndex(true)));
                return;
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw ElasticErrors.translate(e, "create the index " + alias + "_v1", false);
                }
                // created concurrently by another store: check it like an existing one
            } catch (Exception e) {
                throw ElasticErrors.translate(e, "create the index " + alias + "_v1", false);
            }
            missing = check(connection, json, alias, mappingJson, entity);
        }
        if (missing) {
            try {
                client.indices().putMapping(p -> p.index(alias).withJson(new StringReader(mappingJson)));
            } catch (ElasticsearchException e) {
                throw new MappingException("cannot add the new fields of " + entity + " to the mapping of '" + alias + "': "
                        + ElasticErrors.describe(e.error(), e.status()), e);
            } catch (Exception e) {
                throw ElasticErrors.translate(e, "update the mapping of " + alias, false);
            }
        }
    }

    /**
     * Compares the mapping of every index behind {@code alias} with {@code mappingJson}: a conflict is a
     * {@link MappingException} (nothing written); returns whether fields or dynamic templates are missing.
     */
    private static boolean check(ElasticConnection connection, ObjectMapper json, String alias, String mappingJson, String entity) {
        ElasticsearchClient client = connection.client();
        Map<String, Object> want = normal(json, client._jsonpMapper(), mappingJson);
        GetMappingResponse existing = connection.call("read the mapping of " + alias, () -> client.indices().getMapping(g -> g.index(alias)));
        boolean missing = false;
        for (Map.Entry<String, IndexMappingRecord> e : existing.result().entrySet()) {
            Map<String, Object> have = read(json, client._jsonpMapper(), e.getValue().mappings());
            List<String> conflicts = new ArrayList<>();
            missing |= compare(properties(want), properties(have), "", conflicts);
            missing |= !dynamicTemplates(have).containsAll(dynamicTemplates(want));
            if (!conflicts.isEmpty()) {
                throw new MappingException("the index '" + e.getKey() + "' behind '" + alias + "' conflicts with the mapping of " + entity
                        + ": " + String.join("; ", conflicts) + ". Nothing was changed. Migrate it: ElasticStore.migrateIndex(<new type>)"
                        + " creates " + alias + "_v<n+1> from the new template, copies the documents and moves the alias");
            }
        }
        return missing;
    }

    /** Puts the alias's template; a refusal (an overlapping template at the same priority, say) is a {@link ConfigurationException}. */
    static void putTemplate(ElasticConnection connection, String alias, String mappingJson, @Nullable Integer replicas, String entity) {
        ElasticsearchClient client = connection.client();
        long priority = priority(alias);
        String what = "put the index template " + templateName(alias) + " (pattern " + pattern(alias) + ", priority " + priority + ")";
        try {
            client.indices().putIndexTemplate(t -> t.name(templateName(alias)).indexPatterns(pattern(alias)).priority(priority)
                    .template(tt -> {
                        tt.mappings(m -> m.withJson(new StringReader(mappingJson)));
                        if (replicas != null) {
                            tt.settings(s -> s.numberOfReplicas(String.valueOf(replicas)));
                        }
                        return tt;
                    }));
        } catch (ElasticsearchException e) {
            if (e.status() == 400) {
                throw new ConfigurationException("elasticsearch refused to " + what + " for " + entity + ": "
                        + ElasticErrors.describe(e.error(), e.status()) + ". Another index template matching " + pattern(alias)
                        + " has the same priority: give that one another priority, or choose another index prefix", e);
            }
            throw ElasticErrors.translate(e, what, false);
        } catch (Exception e) {
            throw ElasticErrors.translate(e, what, false);
        }
    }

    /**
     * Whether the template {@code <alias>_template} already serves this mapping: same pattern, priority and
     * replicas, and a mapping equal to it (both sides read through the client's {@link TypeMapping}, so the
     * server's normal form compares equal) or covering it (every field with the same definition, every dynamic
     * template: a newer instance in a rolling deploy put a richer one, which an older instance must not undo).
     * Any doubt (absent, different, unreadable) answers false, and the template is put.
     */
    private static boolean templateCovers(ElasticConnection connection, ObjectMapper json, String alias, String mappingJson,
            @Nullable Integer replicas) {
        ElasticsearchClient client = connection.client();
        try {
            var found = client.indices().getIndexTemplate(g -> g.name(templateName(alias))).indexTemplates();
            if (found.size() != 1) {
                return false;
            }
            var template = found.get(0).indexTemplate();
            var summary = template.template();
            if (summary == null || summary.mappings() == null || !List.of(pattern(alias)).equals(template.indexPatterns())
                    || template.priority() == null || template.priority() != priority(alias)) {
                return false;
            }
            var settings = summary.settings();
            String haveReplicas = settings == null ? null
                    : settings.numberOfReplicas() != null ? settings.numberOfReplicas()
                    : settings.index() != null ? settings.index().numberOfReplicas() : null;
            if (!Objects.equals(replicas == null ? null : String.valueOf(replicas), haveReplicas)) {
                return false;
            }
            Map<String, Object> want = normal(json, client._jsonpMapper(), mappingJson);
            Map<String, Object> have = read(json, client._jsonpMapper(), summary.mappings());
            if (want.equals(have)) {
                return true;
            }
            List<String> conflicts = new ArrayList<>();
            boolean missing = compare(properties(want), properties(have), "", conflicts);
            return !missing && conflicts.isEmpty() && dynamicTemplates(have).containsAll(dynamicTemplates(want))
                    && Objects.equals(want.get("dynamic"), have.get("dynamic"));
        } catch (Exception e) {
            return false; // absent (404) or unreadable: put it
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> dynamicTemplates(Map<String, Object> mapping) {
        Object d = mapping.get("dynamic_templates");
        return d instanceof List ? (List<Object>) d : List.of();
    }

    /** A mapping's JSON in the server's normal form (read through the client's {@link TypeMapping}). */
    static Map<String, Object> normal(ObjectMapper json, JsonpMapper jsonp, String mappingJson) {
        return read(json, jsonp, TypeMapping.of(m -> m.withJson(new StringReader(mappingJson))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> mapping) {
        Object p = mapping.get("properties");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    /** Whether fields are missing from {@code have}; adds a line per conflicting definition ({@link #COMPARED}), multi-fields included. */
    @SuppressWarnings("unchecked")
    static boolean compare(Map<String, Object> want, Map<String, Object> have, String prefix, List<String> conflicts) {
        boolean missing = false;
        for (Map.Entry<String, Object> e : want.entrySet()) {
            String path = prefix + e.getKey();
            if (!(e.getValue() instanceof Map)) {
                continue;
            }
            Map<String, Object> w = (Map<String, Object>) e.getValue();
            Object h0 = have.get(e.getKey());
            if (!(h0 instanceof Map)) {
                missing = true;
                continue;
            }
            Map<String, Object> h = (Map<String, Object>) h0;
            if (!definition(w).equals(definition(h))) {
                conflicts.add("field '" + path + "' is mapped as " + describe(h) + " in the index, the entity declares " + describe(w));
                continue;
            }
            if (w.get("properties") instanceof Map) {
                missing |= compare(properties(w), properties(h), path + ".", conflicts);
            }
            if (w.get("fields") instanceof Map<?, ?> wf) {
                Map<String, Object> hf = h.get("fields") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                missing |= compare((Map<String, Object>) wf, hf, path + ".", conflicts);
            }
        }
        return missing;
    }

    /** The compared attributes of a field definition, defaults filled in, as text. */
    private static Map<String, String> definition(Map<String, Object> field) {
        Map<String, String> out = new TreeMap<>();
        for (String a : COMPARED) {
            Object v = field.get(a);
            String text = v != null ? String.valueOf(v) : a.equals("type") ? "object"
                    // the server leaves its default date format out of the mapping it returns
                    : a.equals("format") && "date".equals(field.get("type")) ? DEFAULT_DATE_FORMAT : DEFAULTS.get(a);
            if (text != null) {
                out.put(a, text);
            }
        }
        return out;
    }

    /** {@code type (attribute value, ...)}: the type and every compared attribute that is not a default. */
    private static String describe(Map<String, Object> field) {
        StringBuilder b = new StringBuilder(String.valueOf(field.getOrDefault("type", "object")));
        String sep = " (";
        for (String a : COMPARED) {
            Object v = field.get(a);
            if (!a.equals("type") && v != null && !String.valueOf(v).equals(DEFAULTS.get(a))) {
                b.append(sep).append(a).append(' ').append(v);
                sep = ", ";
            }
        }
        return sep.equals(", ") ? b.append(')').toString() : b.toString();
    }

    static String write(ObjectMapper json, Map<String, Object> mapping) {
        try {
            return json.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot write the index mapping: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(ObjectMapper json, JsonpMapper jsonp, TypeMapping mapping) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = jsonp.jsonProvider().createGenerator(out)) {
            mapping.serialize(g, jsonp);
        }
        try {
            return json.readValue(out.toString(), Map.class);
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot read the index mapping: " + e.getOriginalMessage(), e);
        }
    }
}
