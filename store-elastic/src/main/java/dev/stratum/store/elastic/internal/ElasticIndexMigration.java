package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.MappingException;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Moves an alias to a new index with a new mapping ({@code ElasticStore.migrateIndex}): puts the new
 * template, creates {@code <alias>_v<n+1>}, copies every document (point in time + {@code search_after}
 * by id, {@code _bulk} in batches), then swaps the alias in one {@code _aliases} call. Readers use the
 * old index until the swap and the new one after it.
 *
 * <p>Each document is written <b>through the new entity's form</b> ({@link #reencoder}): the stored
 * {@code _source} without its sidecar, edited by the caller's function (a rename), decoded into the new
 * type (properties it no longer declares are dropped: the mapper ignores unknown properties), encoded
 * again and given the sidecar the new type needs ({@link ElasticDocuments#toSource}: list and decimal
 * tokens, {@code expireAt} when a TTL is added). So a new shape may drop or rename fields, which a copy of
 * the raw {@code _source} into a {@code dynamic: strict} index refused.
 *
 * <p>A failed copy leaves the world as it was: the half-filled new index is deleted and the previous
 * template put back (or removed when there was none), so a second run starts clean. A new index left
 * over by a run that died mid-copy (not behind the alias) is deleted before the copy starts. Run it under
 * the migration engine's lock: two concurrent runs would delete each other's copy. Writes made to the
 * old index during the copy are not carried over: stop writers (or write to both) while it runs.
 */
public final class ElasticIndexMigration {
    private ElasticIndexMigration() {}

    /**
     * The function from a stored {@code _source} (sidecar included) to the {@code _source} the new type
     * writes, or null to leave the document out (it has expired).
     *
     * @param edit applied to each stored document (sidecar stripped, JSON forms: dates and decimals as text)
     *     before it is decoded into {@code type}; {@code UnaryOperator.identity()} when nothing is renamed
     */
    public static Function<Map<String, Object>, @Nullable Map<String, Object>> reencoder(EntityMapper mapper,
            ElasticDocuments documents, Class<?> type, boolean entityTtl, UnaryOperator<Map<String, Object>> edit, Clock clock) {
        return source -> {
            long now = clock.millis();
            if (ElasticDocuments.expired(source, now)) {
                return null; // hidden already, and the sweeper's to delete: a new shape without a TTL must not revive it
            }
            Object oldExpireAt = source.get(ElasticMapping.SIDECAR) instanceof Map<?, ?> sidecar ? sidecar.get("expireAt") : null;
            Map<String, Object> stored = edit.apply(ElasticDocuments.fromSource(new LinkedHashMap<>(source)));
            Object entity = mapper.fromDocument(documents.withDates(stored), type);
            ElasticSource out = documents.toSource(mapper.toDocument(entity), now);
            // an entity TTL counts from the last write, which the copy is not: an expiry already set is kept; one the old
            // shape did not have starts now. A field TTL is recomputed from the field.
            if (entityTtl && oldExpireAt instanceof Number && out.get(ElasticMapping.SIDECAR) instanceof Map<?, ?> sidecar
                    && sidecar.containsKey("expireAt")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) sidecar;
                s.put("expireAt", oldExpireAt);
            }
            return out;
        };
    }

    /** Migrates {@code alias} to a new index with {@code mapping}; returns the new index's name. */
    public static String migrate(ElasticConnection connection, ObjectMapper json, String alias, Map<String, Object> mapping,
            @Nullable Integer replicas, String idField, int batchSize,
            Function<Map<String, Object>, @Nullable Map<String, Object>> reencode, String entity) {
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
        if (connection.call("look up the index " + target, () -> client.indices().exists(e -> e.index(target)).value())) {
            // not behind the alias (that is `old`): the remains of a run that died mid-copy
            connection.call("delete the leftover index " + target, () -> client.indices().delete(d -> d.index(target)));
        }
        @Nullable IndexTemplateItem previous = previousTemplate(client, alias);
        ElasticIndexes.putTemplate(connection, alias, ElasticIndexes.write(json, mapping), replicas, entity);
        try {
            connection.call("create the index " + target, () -> client.indices().create(c -> c.index(target)));
            copy(connection, old, target, idField, batchSize, reencode);
            connection.call("refresh " + target, () -> client.indices().refresh(r -> r.index(target)));
            connection.call("move the alias " + alias + " to " + target, () -> client.indices().updateAliases(u -> u
                    .actions(a -> a.remove(r -> r.index(old).alias(alias)))
                    .actions(a -> a.add(ad -> ad.index(target).alias(alias).isWriteIndex(true)))));
            return target;
        } catch (RuntimeException e) {
            String undone = rollBack(client, alias, target, previous, e);
            if (e instanceof DataAccessException d) {
                throw new MappingException("cannot migrate '" + alias + "' from " + old + " to " + target + " for " + entity + ": "
                        + d.getMessage() + "; " + undone, e);
            }
            throw new MappingException("cannot migrate '" + alias + "' from " + old + " to " + target + " for " + entity + ": "
                    + e + "; " + undone, e);
        }
    }

    private static void copy(ElasticConnection connection, String old, String target, String idField, int batchSize,
            Function<Map<String, Object>, @Nullable Map<String, Object>> reencode) {
        var sort = List.of(SortOptions.of(o -> o.field(f -> f.field(idField).order(SortOrder.Asc))));
        var all = Query.of(q -> q.matchAll(x -> x));
        try (var docs = ElasticSearchStream.open(connection, new ElasticSearchStream.Spec(old, all, sort, null, 0, 0, batchSize,
                Duration.ofMinutes(5), "copy " + old + " to " + target))) {
            var it = docs.iterator();
            List<BulkOperation> batch = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> stored = it.next();
                String id = String.valueOf(stored.get(idField));
                Map<String, Object> source;
                try {
                    source = reencode.apply(stored);
                } catch (RuntimeException e) {
                    throw new MappingException("document '" + id + "' does not fit the new shape: " + e.getMessage(), e);
                }
                if (source != null) {
                    Map<String, Object> doc = source;
                    batch.add(BulkOperation.of(b -> b.index(i -> i.index(target).id(id).document(doc))));
                }
                if (!batch.isEmpty() && (batch.size() == batchSize || !it.hasNext())) {
                    var ops = new ArrayList<>(batch);
                    batch.clear();
                    var r = connection.call("copy into " + target, true, () -> connection.bulkClient().bulk(b -> b.operations(ops)));
                    if (r.errors()) {
                        var bad = r.items().stream().filter(x -> x.error() != null).findFirst().orElseThrow();
                        throw new MappingException("elasticsearch refused document '" + bad.id() + "': "
                                + ElasticErrors.describe(bad.error(), bad.status()));
                    }
                }
            }
        }
    }

    /** The alias's template as it is now, to put back if the copy fails; null when absent. */
    private static @Nullable IndexTemplateItem previousTemplate(ElasticsearchClient client, String alias) {
        try {
            var found = client.indices().getIndexTemplate(g -> g.name(ElasticIndexes.templateName(alias))).indexTemplates();
            return found.size() == 1 ? found.get(0) : null;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return null;
            }
            throw ElasticErrors.translate(e, "read the index template of " + alias, false);
        } catch (Exception e) {
            throw ElasticErrors.translate(e, "read the index template of " + alias, false);
        }
    }

    /** Deletes the new index and restores the template; what was undone (or could not be), for the message. */
    private static String rollBack(ElasticsearchClient client, String alias, String target, @Nullable IndexTemplateItem previous,
            RuntimeException failure) {
        List<String> failed = new ArrayList<>();
        try {
            client.indices().delete(d -> d.index(target).ignoreUnavailable(true));
        } catch (Exception e) {
            failure.addSuppressed(e);
            failed.add("deleting " + target);
        }
        String name = ElasticIndexes.templateName(alias);
        try {
            if (previous == null) {
                client.indices().deleteIndexTemplate(d -> d.name(name));
            } else {
                String body = json(client._jsonpMapper(), previous.indexTemplate());
                client.indices().putIndexTemplate(p -> p.name(name).withJson(new StringReader(body)));
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
            failed.add("restoring the template " + name);
        }
        return failed.isEmpty() ? "the alias still points to the old index, " + target + " was deleted and the previous template"
                + " restored, so the migration can run again"
                : "the alias still points to the old index, but " + String.join(" and ", failed) + " failed: clean up by hand"
                + " before running it again";
    }

    private static String json(JsonpMapper mapper, JsonpSerializable value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.jsonProvider().createGenerator(out)) {
            value.serialize(g, mapper);
        }
        return out.toString();
    }
}
