package dev.stratum.store.mongo.internal;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.contains;
import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.exists;
import static dev.stratum.api.Filter.gt;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Filter.lt;
import static dev.stratum.api.Filter.missing;
import static dev.stratum.api.Filter.ne;
import static dev.stratum.api.Filter.not;
import static dev.stratum.api.Filter.or;
import static dev.stratum.api.Filter.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The BSON shapes of translated filters (values are already neutral here, as the base repository prepares them). */
class MongoFilterTranslatorTest {
    private final MongoFilterTranslator t = new MongoFilterTranslator(EntityMetadata.of(Task.class));

    private String json(Filter f) {
        return t.translate(f).toJson();
    }

    @Test
    void theIdPropertyIsUnderscoreId() {
        assertThat(json(eq("id", "t1"))).isEqualTo("{\"_id\": \"t1\"}");
        assertThat(t.sort(List.of(Sort.desc("priority"), Sort.asc("id"))).toJson()).isEqualTo("{\"priority\": -1, \"_id\": 1}");
    }

    @Test
    void nullSemanticsMapOnMongosOwn() {
        assertThat(json(eq("assigneeId", null))).isEqualTo("{\"assigneeId\": null}");
        assertThat(json(exists("assigneeId"))).isEqualTo("{\"assigneeId\": {\"$ne\": null}}");
        assertThat(json(missing("assigneeId"))).isEqualTo("{\"assigneeId\": null}");
        assertThat(json(ne("assigneeId", "ann"))).isEqualTo("{\"assigneeId\": {\"$ne\": \"ann\"}}");
        assertThat(json(not(gt("priority", 3)))).isEqualTo("{\"$nor\": [{\"priority\": {\"$gt\": 3}}]}");
    }

    @Test
    void rangesOnOneFieldMergeIntoOneOperatorDocument() {
        assertThat(json(and(gte("priority", 2), lt("priority", 5), eq("status", "OPEN"))))
                .isEqualTo("{\"priority\": {\"$gte\": 2, \"$lt\": 5}, \"status\": \"OPEN\"}");
        assertThat(json(and(eq("status", "OPEN"), eq("status", "DONE"))))
                .isEqualTo("{\"$and\": [{\"status\": \"OPEN\"}, {\"status\": \"DONE\"}]}");
    }

    @Test
    void keysetContinuationIsAnOrOfIndexFriendlyDocuments() {
        Filter after = or(gt("priority", 3), and(eq("priority", 3), gt("id", "t5")));
        assertThat(json(after)).isEqualTo("{\"$or\": [{\"priority\": {\"$gt\": 3}}, {\"priority\": 3, \"_id\": {\"$gt\": \"t5\"}}]}");
    }

    @Test
    void startsWithIsAnAnchoredQuotedRegex() {
        BsonDocument d = t.translate(startsWith("title", "a(b[*\\E.*"));
        assertThat(d.get("title").asRegularExpression().getPattern()).isEqualTo("^\\Qa(b[*\\E\\\\E\\Q.*\\E");
        assertThat(d.get("title").asRegularExpression().getOptions()).isEmpty();
        assertThat(java.util.regex.Pattern.compile(d.get("title").asRegularExpression().getPattern()).matcher("a(b[*\\E.*x").find()).isTrue();
    }

    @Test
    void aMapValueIsComparedLiterallyNeverAsOperators() {
        assertThat(json(eq("customFields", Map.of("$gt", "")))).isEqualTo("{\"customFields\": {\"$eq\": {\"$gt\": \"\"}}}");
    }

    @Test
    void eqOnAListFieldComparesTheWholeList() {
        assertThat(json(eq("tags", List.of("a", "b")))).isEqualTo("{\"tags\": [\"a\", \"b\"]}");
        assertThat(json(eq("tags", "a"))).isEqualTo("{\"tags\": {\"$eq\": \"a\", \"$not\": {\"$type\": \"array\"}}}");
        assertThat(json(contains("tags", "a"))).isEqualTo("{\"tags\": \"a\"}");
    }

    @Test
    void textSearchJoinsTheFilter() {
        assertThat(t.filter(Query.text("outage").filter(eq("status", "OPEN"))).toJson())
                .isEqualTo("{\"status\": \"OPEN\", \"$text\": {\"$search\": \"outage\"}}");
        assertThat(t.filter(Query.all()).toJson()).isEqualTo("{}");
    }

    @Test
    void projectionsKeepTheParentOfCollidingPaths() {
        assertThat(t.projection(Set.of("customFields", "customFields.sprint", "title")).toJson())
                .isEqualTo("{\"customFields\": 1, \"title\": 1}");
        assertThat(t.projection(Set.of())).isNull();
    }
}
