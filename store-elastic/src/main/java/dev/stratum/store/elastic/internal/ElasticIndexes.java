package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.JsonpMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.MappingException;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Creates an entity's index the way later mapping changes can be migrations: an index template
 * ({@code <alias>_template} for {@code <alias>_v*}) carrying the explicit mapping, and a first index
 * {@code <alias>_v1} behind the alias {@code <alias>} (its write index). A migration that changes the
 * mapping creates {@code <alias>_v2}, copies the documents and swaps the alias in one
 * {@code _aliases} call.
 *
 * <p>If the alias (or an index of that name) already exists, its mapping is compared with the
 * entity's: a field mapped with another type is a {@link MappingException} naming the field, the
 * index's definition and the entity's; fields the index lacks are added with {@code _mapping}.
 */
public final class ElasticIndexes {
    private ElasticIndexes() {}

    /** Ensures template, index and alias exist with a compatible mapping. */
    public static void ensure(ElasticConnection connection, ObjectMapper json, String alias, Map<String, Object> mapping,
            @Nullable Integer replicas, String entity) {
        ElasticsearchClient client = connection.client();
        String mappingJson = write(json, mapping);
        // putting a template is a cluster-state update (hundreds of ms on a loaded server); a store opened again on the
        // same indexes finds it unchanged with one GET and skips it
        if (!templateUpToDate(connection, json, alias, mappingJson, replicas)) {
            connection.call("put the index template of " + alias, () -> client.indices().putIndexTemplate(t -> t.name(alias + "_template")
                    .indexPatterns(alias + "_v*").priority(200L)
                    .template(tt -> {
                        tt.mappings(m -> m.withJson(new StringReader(mappingJson)));
                        if (replicas != null) {
                            tt.settings(s -> s.numberOfReplicas(String.valueOf(replicas)));
                        }
                        return tt;
                    })));
        }
        boolean exists = connection.call("look up the alias " + alias,
                () -> client.indices().existsAlias(a -> a.name(alias)).value() || client.indices().exists(e -> e.index(alias)).value());
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
        }
        GetMappingResponse existing = connection.call("read the mapping of " + alias, () -> client.indices().getMapping(g -> g.index(alias)));
        boolean missing = false;
        for (Map.Entry<String, IndexMappingRecord> e : existing.result().entrySet()) {
            Map<String, Object> have = read(json, client._jsonpMapper(), e.getValue().mappings());
            List<String> conflicts = new ArrayList<>();
            missing |= compare(properties(mapping), properties(have), "", conflicts);
            if (!conflicts.isEmpty()) {
                throw new MappingException("the index '" + e.getKey() + "' behind '" + alias + "' conflicts with the mapping of " + entity
                        + ": " + String.join("; ", conflicts) + ". Migrate it: create " + alias + "_v<n+1> from the new template, copy the"
                        + " documents and move the alias");
            }
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
     * Whether the template {@code <alias>_template} exists exactly as {@link #ensure} would put it: pattern, priority,
     * mapping (both sides read through the client's {@link TypeMapping}, so the server's normal form compares equal)
     * and replicas. Any doubt (absent, different, unreadable) answers false, and the template is put.
     */
    private static boolean templateUpToDate(ElasticConnection connection, ObjectMapper json, String alias, String mappingJson,
            @Nullable Integer replicas) {
        ElasticsearchClient client = connection.client();
        try {
            var found = client.indices().getIndexTemplate(g -> g.name(alias + "_template")).indexTemplates();
            if (found.size() != 1) {
                return false;
            }
            var template = found.get(0).indexTemplate();
            var summary = template.template();
            if (summary == null || summary.mappings() == null || !List.of(alias + "_v*").equals(template.indexPatterns())
                    || template.priority() == null || template.priority() != 200L) {
                return false;
            }
            Map<String, Object> want = read(json, client._jsonpMapper(), TypeMapping.of(m -> m.withJson(new StringReader(mappingJson))));
            if (!want.equals(read(json, client._jsonpMapper(), summary.mappings()))) {
                return false;
            }
            var settings = summary.settings();
            String haveReplicas = settings == null ? null
                    : settings.numberOfReplicas() != null ? settings.numberOfReplicas()
                    : settings.index() != null ? settings.index().numberOfReplicas() : null;
            return Objects.equals(replicas == null ? null : String.valueOf(replicas), haveReplicas);
        } catch (Exception e) {
            return false; // absent (404) or unreadable: put it
        }
    }

    /**
     * Moves an alias to a new index with a new mapping: puts the new template, creates
     * {@code <alias>_v<n+1>}, copies every document (point in time + {@code search_after} sorted by
     * {@code sortField}, {@code _bulk} in batches), then swaps the alias in one {@code _aliases} call.
     * Readers use the old index until the swap and the new one after it. Writes made to the old index
     * during the copy are not carried over: stop writers (or write to both) while it runs.
     *
     * @return the new index's name
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static String migrate(ElasticConnection connection, ObjectMapper json, String alias, Map<String, Object> mapping,
            @Nullable Integer replicas, String sortField, int batchSize) {
        ElasticsearchClient client = connection.client();
        String old = connection.call("look up the index behind " + alias, () -> {
            var indexes = client.indices().getAlias(a -> a.name(alias)).result().keySet();
            if (indexes.size() != 1) {
                throw new MappingException("the alias '" + alias + "' points to " + indexes + ", expected exactly one index");
            }
            return indexes.iterator().next();
        });
        Matcher m = Pattern.compile("_v(\\d+)$").matcher(old);
        int next = m.find() ? Integer.parseInt(m.group(1)) + 1 : 1;
        String target = alias + "_v" + next;
        String mappingJson = write(json, mapping);
        connection.call("put the index template of " + alias, () -> client.indices().putIndexTemplate(t -> t.name(alias + "_template")
                .indexPatterns(alias + "_v*").priority(200L).template(tt -> {
                    tt.mappings(mm -> mm.withJson(new StringReader(mappingJson)));
                    if (replicas != null) {
                        tt.settings(x -> x.numberOfReplicas(String.valueOf(replicas)));
                    }
                    return tt;
                })));
        connection.call("create the index " + target, () -> client.indices().create(c -> c.index(target)));
        var sort = List.of(SortOptions.of(o -> o.field(f -> f.field(sortField)
                .order(SortOrder.Asc))));
        var all = Query.of(q -> q.matchAll(x -> x));
        try (var docs = ElasticSearchStream.open(connection, new ElasticSearchStream.Spec(old, all, sort, null, 0, 0, batchSize,
                Duration.ofMinutes(5), "copy " + old + " to " + target))) {
            var it = docs.iterator();
            List<BulkOperation> batch = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> d = it.next();
                String id = String.valueOf(d.get(sortField));
                batch.add(BulkOperation.of(b -> b.index(i -> i.index(target).id(id).document(d))));
                if (batch.size() == batchSize || !it.hasNext()) {
                    var ops = new ArrayList<>(batch);
                    batch.clear();
                    var r = connection.call("copy into " + target, true, () -> connection.bulkClient().bulk(b -> b.operations(ops)));
                    if (r.errors()) {
                        var bad = r.items().stream().filter(x -> x.error() != null).findFirst().orElseThrow();
                        throw new MappingException("cannot copy '" + bad.id() + "' from " + old + " into " + target + ": "
                                + ElasticErrors.describe(bad.error(), bad.status()) + "; the alias still points to " + old);
                    }
                }
            }
        }
        connection.call("refresh " + target, () -> client.indices().refresh(r -> r.index(target)));
        connection.call("move the alias " + alias + " to " + target, () -> client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(old).alias(alias)))
                .actions(a -> a.add(ad -> ad.index(target).alias(alias).isWriteIndex(true)))));
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> mapping) {
        Object p = mapping.get("properties");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    /** Whether fields are missing from {@code have}; adds a line per type conflict. */
    @SuppressWarnings("unchecked")
    private static boolean compare(Map<String, Object> want, Map<String, Object> have, String prefix, List<String> conflicts) {
        boolean missing = false;
        for (Map.Entry<String, Object> e : want.entrySet()) {
            String path = prefix + e.getKey();
            Map<String, Object> w = (Map<String, Object>) e.getValue();
            Object h0 = have.get(e.getKey());
            if (!(h0 instanceof Map)) {
                missing = true;
                continue;
            }
            Map<String, Object> h = (Map<String, Object>) h0;
            String wt = String.valueOf(w.getOrDefault("type", "object"));
            String ht = String.valueOf(h.getOrDefault("type", "object"));
            if (!wt.equals(ht)) {
                conflicts.add("field '" + path + "' is mapped as " + describe(h) + " in the index, the entity declares " + describe(w));
                continue;
            }
            if (w.containsKey("properties")) {
                missing |= compare(properties(w), properties(h), path + ".", conflicts);
            }
        }
        return missing;
    }

    private static String describe(Map<String, Object> m) {
        Object format = m.get("format");
        return String.valueOf(m.getOrDefault("type", "object")) + (format == null ? "" : " (format " + format + ")");
    }

    private static String write(ObjectMapper json, Map<String, Object> mapping) {
        try {
            return json.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot write the index mapping: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(ObjectMapper json, JsonpMapper jsonp, TypeMapping mapping) {
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
