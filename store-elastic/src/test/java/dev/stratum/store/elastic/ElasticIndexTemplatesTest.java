package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.MappingException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Index templates of entities whose aliases overlap ({@code tasks_v*} matches {@code tasks_votes_v1}), the upgrade of
 * templates left at the former fixed priority, a template refusal, and the mapping check that runs before anything is
 * written (audit items 2 and 3).
 */
class ElasticIndexTemplatesTest {
    @Entity("tasks")
    record Task(@Id String id, String title, int rank) {}

    @Entity("tasks_votes")
    record TaskVote(@Id String id, String task, long weight, Instant at) {}

    @Entity("user")
    record User(@Id String id, String name) {}

    @Entity("user_visits")
    record UserVisit(@Id String id, String page, LocalDate day) {}

    @Entity("dated")
    record DatedDay(@Id String id, LocalDate at) {}

    @Entity("dated")
    record DatedInstant(@Id String id, Instant at) {}

    @Entity("codes")
    record Code(@Id String id, String code) {}

    @Entity("blocked")
    record Blocked(@Id String id, String what) {}

    @Entity("roll")
    record RollV1(@Id String id, String a) {}

    /** A newer deploy's shape: one field more. */
    @Entity("roll")
    record RollV2(@Id String id, String a, long b) {}

    private final List<ElasticStore> stores = new ArrayList<>();
    private final List<String> foreignTemplates = new ArrayList<>();

    private ElasticStore store(String name) {
        ElasticStore s = ElasticTestStores.newStore(name);
        stores.add(s);
        return s;
    }

    private ElasticStore sameIndexes(ElasticStore s) {
        ElasticStore again = ElasticStore.builder().uri(dev.stratum.testkit.elastic.ElasticTestServer.shared().uri())
                .indexPrefix(s.config().indexPrefix()).replicas(0).build();
        stores.add(again);
        return again;
    }

    @AfterEach
    void closeAll() throws Exception {
        if (!stores.isEmpty()) {
            ElasticsearchClient es = stores.get(0).unwrap(ElasticsearchClient.class);
            for (String t : foreignTemplates) {
                es.indices().deleteIndexTemplate(d -> d.name(t));
            }
        }
        stores.forEach(ElasticStore::close);
    }

    @Test
    void aliasesSharingANameAndVPrefixBothWorkShorterOpenedFirst() throws Exception {
        ElasticStore s = store("tpl1");
        Repository<Task, String> tasks = s.repository(Task.class);
        Repository<TaskVote, String> votes = s.repository(TaskVote.class);
        Repository<User, String> users = s.repository(User.class);
        Repository<UserVisit, String> visits = s.repository(UserVisit.class);
        writeAndReadAll(tasks, votes, users, visits);
        eachIndexHasItsOwnMapping(s);
    }

    @Test
    void aliasesSharingANameAndVPrefixBothWorkLongerOpenedFirst() throws Exception {
        ElasticStore s = store("tpl2");
        Repository<TaskVote, String> votes = s.repository(TaskVote.class);
        Repository<UserVisit, String> visits = s.repository(UserVisit.class);
        Repository<Task, String> tasks = s.repository(Task.class);
        Repository<User, String> users = s.repository(User.class);
        writeAndReadAll(tasks, votes, users, visits);
        eachIndexHasItsOwnMapping(s);
        // opened again (every service start): nothing to put, nothing refused
        ElasticStore again = sameIndexes(s);
        again.repository(TaskVote.class);
        again.repository(Task.class);
        assertThat(again.repository(Task.class).findById("t1")).contains(new Task("t1", "write docs", 3));
    }

    @Test
    void aTemplateLeftAtTheFormerPriorityIsPutAgainAtTheNewOneOnOpen() throws Exception {
        ElasticStore s = store("tpl3");
        ElasticsearchClient es = s.unwrap(ElasticsearchClient.class);
        String tasks = s.aliasOf(Task.class);
        String votes = s.aliasOf(TaskVote.class);
        // what the former version left: priority 200 for every template
        es.indices().putIndexTemplate(t -> t.name(tasks + "_template").indexPatterns(tasks + "_v*").priority(200L)
                .template(tt -> tt.mappings(m -> m.withJson(new StringReader(
                        "{\"dynamic\":\"strict\",\"properties\":{\"id\":{\"type\":\"keyword\",\"ignore_above\":8191},"
                                + "\"title\":{\"type\":\"keyword\",\"ignore_above\":8191},\"rank\":{\"type\":\"long\"}}}")))));
        es.indices().create(c -> c.index(tasks + "_v1").aliases(tasks, a -> a.isWriteIndex(true)));

        Repository<TaskVote, String> v = s.repository(TaskVote.class);
        Repository<Task, String> t = s.repository(Task.class);
        assertThat(priority(es, tasks)).isEqualTo(200L + tasks.length());
        assertThat(priority(es, votes)).isEqualTo(200L + votes.length());
        t.insert(new Task("a", "old template", 1));
        v.insert(new TaskVote("b", "a", 7, Instant.ofEpochMilli(1_700_000_000_000L)));
        assertThat(t.findById("a")).isPresent();
        assertThat(v.find(Query.where(Filter.eq("weight", 7L)))).hasSize(1);
    }

    @Test
    void aTemplateRefusedByTheServerIsAConfigurationExceptionNamingTheTemplate() throws Exception {
        ElasticStore s = store("tpl4");
        ElasticsearchClient es = s.unwrap(ElasticsearchClient.class);
        String alias = s.aliasOf(Blocked.class);
        String foreign = alias + "_foreign";
        foreignTemplates.add(foreign);
        // another application's template overlapping ours at the very priority ours would get
        es.indices().putIndexTemplate(t -> t.name(foreign).indexPatterns(alias + "_v1*").priority(200L + alias.length()));
        assertThatThrownBy(() -> s.repository(Blocked.class)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(alias + "_template").hasMessageContaining("priority " + (200 + alias.length()))
                .hasMessageContaining("same priority").hasMessageContaining(foreign);
        assertThat(es.indices().exists(e -> e.index(alias + "_v1")).value()).as("nothing created").isFalse();
    }

    @Test
    void aDateFormatConflictIsRefusedAtOpenAndChangesNothing() throws Exception {
        ElasticStore s = store("tpl5");
        ElasticsearchClient es = s.unwrap(ElasticsearchClient.class);
        Repository<DatedDay, String> days = s.repository(DatedDay.class);
        days.insert(new DatedDay("d1", LocalDate.of(2026, 11, 30)));
        String alias = s.aliasOf(DatedDay.class);
        String template = templateJson(es, alias);
        String mapping = mappingJson(es, alias);

        assertThatThrownBy(() -> sameIndexes(s).repository(DatedInstant.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("'at'").hasMessageContaining("date (format strict_date)")
                .hasMessageContaining("date (format strict_date_optional_time||epoch_millis)").hasMessageContaining("Nothing was changed");
        assertThat(templateJson(es, alias)).as("the template is untouched").isEqualTo(template);
        assertThat(mappingJson(es, alias)).as("the index mapping is untouched").isEqualTo(mapping);
        days.insert(new DatedDay("d2", LocalDate.of(2026, 12, 1)));
        assertThat(days.count(Query.all())).isEqualTo(2);
    }

    @Test
    void anIgnoreAboveConflictOnAnIndexMadeElsewhereIsRefusedWithoutATemplate() throws Exception {
        ElasticStore s = store("tpl6");
        ElasticsearchClient es = s.unwrap(ElasticsearchClient.class);
        String alias = s.aliasOf(Code.class);
        es.indices().create(c -> c.index(alias + "_v1").aliases(alias, a -> a.isWriteIndex(true))
                .mappings(m -> m.properties("code", p -> p.keyword(k -> k.ignoreAbove(256)))));
        String mapping = mappingJson(es, alias);
        assertThatThrownBy(() -> s.repository(Code.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("'code' is mapped as keyword (ignore_above 256) in the index")
                .hasMessageContaining("the entity declares keyword (ignore_above 8191)");
        assertThat(es.indices().existsIndexTemplate(t -> t.name(alias + "_template")).value()).as("no template written").isFalse();
        assertThat(mappingJson(es, alias)).isEqualTo(mapping);
    }

    @Test
    void anOlderInstanceLeavesTheNewerTemplateAlone() throws Exception {
        ElasticStore newer = store("tpl7");
        ElasticsearchClient es = newer.unwrap(ElasticsearchClient.class);
        newer.repository(RollV2.class).insert(new RollV2("n", "x", 2));
        String alias = newer.aliasOf(RollV2.class);
        String template = templateJson(es, alias);
        // a rolling deploy: an instance still on the older shape opens the same indexes
        Repository<RollV1, String> older = sameIndexes(newer).repository(RollV1.class);
        assertThat(templateJson(es, alias)).as("the newer template is kept").isEqualTo(template);
        assertThat(older.findById("n")).contains(new RollV1("n", "x"));
    }

    private static void writeAndReadAll(Repository<Task, String> tasks, Repository<TaskVote, String> votes, Repository<User, String> users,
            Repository<UserVisit, String> visits) {
        tasks.insert(new Task("t1", "write docs", 3));
        votes.insert(new TaskVote("v1", "t1", 5, Instant.ofEpochMilli(1_700_000_000_123L)));
        users.insert(new User("u1", "Ann"));
        visits.insert(new UserVisit("x1", "/home", LocalDate.of(2026, 11, 30)));
        assertThat(tasks.findById("t1")).contains(new Task("t1", "write docs", 3));
        assertThat(votes.find(Query.where(Filter.gt("weight", 4L)))).containsExactly(new TaskVote("v1", "t1", 5,
                Instant.ofEpochMilli(1_700_000_000_123L)));
        assertThat(users.find(Query.where(Filter.eq("name", "Ann")))).hasSize(1);
        assertThat(visits.find(Query.where(Filter.eq("day", LocalDate.of(2026, 11, 30))))).hasSize(1);
        assertThat(tasks.count(Query.all())).isEqualTo(1);
        assertThat(votes.count(Query.all())).isEqualTo(1);
    }

    /** Each versioned index got its own template's mapping (the more specific template wins where patterns overlap). */
    private static void eachIndexHasItsOwnMapping(ElasticStore s) throws Exception {
        ElasticsearchClient es = s.unwrap(ElasticsearchClient.class);
        assertThat(properties(es, s.aliasOf(Task.class))).containsOnlyKeys("id", "title", "rank", "$stratum");
        assertThat(properties(es, s.aliasOf(TaskVote.class))).containsOnlyKeys("id", "task", "weight", "at", "$stratum");
        assertThat(properties(es, s.aliasOf(User.class))).containsOnlyKeys("id", "name", "$stratum");
        assertThat(properties(es, s.aliasOf(UserVisit.class))).containsOnlyKeys("id", "page", "day", "$stratum");
        assertThat(priority(es, s.aliasOf(TaskVote.class))).isGreaterThan(priority(es, s.aliasOf(Task.class)));
    }

    private static Map<String, ?> properties(ElasticsearchClient es, String alias) throws Exception {
        return es.indices().getMapping(m -> m.index(alias + "_v1")).result().get(alias + "_v1").mappings().properties();
    }

    private static long priority(ElasticsearchClient es, String alias) throws Exception {
        Long p = es.indices().getIndexTemplate(g -> g.name(alias + "_template")).indexTemplates().get(0).indexTemplate().priority();
        return p == null ? -1 : p;
    }

    private static String templateJson(ElasticsearchClient es, String alias) throws Exception {
        return es.indices().getIndexTemplate(g -> g.name(alias + "_template")).toString();
    }

    private static String mappingJson(ElasticsearchClient es, String alias) throws Exception {
        return es.indices().getMapping(m -> m.index(alias)).toString();
    }
}
