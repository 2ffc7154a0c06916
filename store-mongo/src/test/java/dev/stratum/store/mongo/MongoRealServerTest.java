package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.Capability;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.TimeSeries;
import dev.stratum.api.Version;
import dev.stratum.testkit.mongo.MongoServerExtension;
import dev.stratum.testkit.mongo.MongoTestServer;
import dev.stratum.testkit.mongo.RequiresRealMongoDB;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only a real {@code mongod} can show: transactions, expiry by the TTL monitor, {@code $text}
 * search, time-series collections and password rotation. Each test is skipped, saying why, on the
 * in-process mongo-java-server; the emulator's side of each (refusal, ordinary collection) is checked
 * instead.
 */
@ExtendWith(MongoServerExtension.class)
class MongoRealServerTest {

    @Entity("rs_accounts")
    record Account(@Id String id, long balance, @Version long version) {}

    @Entity("rs_sessions")
    record Session(@Id @Nullable String id, @Indexed(ttlSeconds = 1) Instant lastSeen) {}

    @Entity("rs_articles")
    record Article(@Id @Nullable String id, @Indexed(text = true) String body, @Indexed String lang) {}

    @Entity("rs_measurements")
    @TimeSeries(timeField = "timestamp", metaField = "meta", granularity = TimeSeries.Granularity.MINUTES)
    record Measurement(@Id @Nullable UUID id, Instant timestamp, Map<String, String> meta, double value) {}

    MongoStore store;

    @BeforeEach
    void open() {
        store = TestStores.create("real");
    }

    @AfterEach
    void close() {
        TestStores.dropAndClose(store);
    }

    @Test
    @RequiresRealMongoDB("multi-document transactions")
    void aTransactionCommitsAllOrNothing() {
        assumeTrue(store.capabilities().supports(Capability.TRANSACTIONS),
                "transactions need a replica set or sharded cluster; " + MongoTestServer.shared() + " is a standalone server");
        Repository<Account, String> accounts = store.repository(Account.class);
        Account a = accounts.insert(new Account("a", 100, 0));
        Account b = accounts.insert(new Account("b", 0, 0));
        store.inTransaction(() -> {
            accounts.update(new Account("a", 70, a.version()));
            accounts.update(new Account("b", 30, b.version()));
        });
        assertThat(accounts.findById("a").orElseThrow().balance()).isEqualTo(70);
        assertThat(accounts.findById("b").orElseThrow().balance()).isEqualTo(30);

        assertThatThrownBy(() -> store.inTransaction(() -> {
            accounts.update(new Account("a", 0, 2));
            accounts.update(new Account("b", 100, 1)); // stale: aborts the whole transaction
        })).isInstanceOf(OptimisticLockException.class);
        assertThat(accounts.findById("a").orElseThrow().balance()).as("rolled back").isEqualTo(70);
    }

    @Test
    void withoutTransactionsInTransactionIsRefusedBeforeAnyWrite() {
        assumeFalse(store.capabilities().supports(Capability.TRANSACTIONS), "this server has transactions: see aTransactionCommitsAllOrNothing");
        Repository<Account, String> accounts = store.repository(Account.class);
        assertThatThrownBy(() -> store.inTransaction(() -> accounts.insert(new Account("x", 1, 0))))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("transactions");
        assertThat(accounts.existsById("x")).isFalse();
    }

    @Test
    @RequiresRealMongoDB("expiry by MongoDB's TTL monitor")
    void expiredEntitiesAreRemovedByTheTtlMonitor() throws InterruptedException {
        try {
            store.unwrap(MongoClient.class).getDatabase("admin").runCommand(new Document("setParameter", 1).append("ttlMonitorSleepSecs", 1));
        } catch (RuntimeException e) {
            // not allowed on this server: the monitor runs every 60 s, which the wait below covers
        }
        Repository<Session, String> sessions = store.repository(Session.class);
        Session stale = sessions.insert(new Session(null, Instant.now().minus(1, ChronoUnit.HOURS)));
        Session fresh = sessions.insert(new Session(null, Instant.now().plus(1, ChronoUnit.HOURS)));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (sessions.existsById(stale.id()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(sessions.existsById(stale.id())).as("expired within 90 s").isFalse();
        assertThat(sessions.existsById(fresh.id())).isTrue();
    }

    @Test
    @RequiresRealMongoDB("$text search")
    void textSearchUsesTheTextIndex() {
        Repository<Article, String> articles = store.repository(Article.class);
        articles.insert(new Article("1", "The database outage was caused by a full disk", "en"));
        articles.insert(new Article("2", "Upgrading Postgres clusters without downtime", "en"));
        articles.insert(new Article("3", "Outages and their postmortems", "de"));
        assertThat(articles.find(Query.text("outage")).stream().map(Article::id)).containsExactlyInAnyOrder("1", "3");
        assertThat(articles.find(Query.text("outage").filter(Filter.eq("lang", "en"))).stream().map(Article::id)).containsExactly("1");
        assertThat(articles.count(Query.text("postgres"))).isEqualTo(1);
    }

    @Test
    void withoutTextSearchATextQueryIsRefusedBeforeAnyIo() {
        assumeFalse(store.capabilities().supports(Capability.TEXT_SEARCH), "this server has $text: see textSearchUsesTheTextIndex");
        Repository<Article, String> articles = store.repository(Article.class);
        assertThatThrownBy(() -> articles.find(Query.text("outage"))).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining("mongodb").hasMessageContaining("text search");
    }

    @Test
    @RequiresRealMongoDB("time-series collections")
    void aTimeSeriesEntityGetsATimeSeriesCollection() {
        Repository<Measurement, UUID> measurements = store.repository(Measurement.class);
        Document info = store.unwrap(MongoDatabase.class).listCollections().filter(new Document("name", "rs_measurements")).first();
        assertThat(info).isNotNull();
        assertThat(info.getString("type")).isEqualTo("timeseries");
        Document ts = info.get("options", Document.class).get("timeseries", Document.class);
        assertThat(ts.getString("timeField")).isEqualTo("timestamp");
        assertThat(ts.getString("metaField")).isEqualTo("meta");
        assertThat(ts.getString("granularity")).isEqualTo("minutes");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            measurements.insert(new Measurement(null, t0.plusSeconds(60L * i), Map.of("host", "web-01"), i));
        }
        assertThat(measurements.count(Query.where(Filter.gte("timestamp", t0.plusSeconds(300))))).isEqualTo(5);
    }

    @Test
    void onTheEmulatorATimeSeriesEntityIsAnOrdinaryCollection() {
        assumeFalse(MongoTestServer.shared().isRealMongoDB(), "a real mongod creates time-series collections: see aTimeSeriesEntityGetsATimeSeriesCollection");
        Repository<Measurement, UUID> measurements = store.repository(Measurement.class);
        Measurement m = measurements.insert(new Measurement(null, Instant.parse("2026-11-01T00:00:00Z"), Map.of("host", "h"), 1.5));
        assertThat(measurements.findById(m.id())).contains(m);
    }

    @Test
    @RequiresRealMongoDB("users and SCRAM authentication")
    void aRotatedPasswordIsPickedUpFromTheSupplier() {
        String db = store.config().database();
        MongoDatabase admin = store.unwrap(MongoDatabase.class);
        admin.runCommand(new Document("createUser", "rotating").append("pwd", "first-password")
                .append("roles", List.of(new Document("role", "readWrite").append("db", db))));
        AtomicReference<String> vault = new AtomicReference<>("stale-password");
        try (MongoStore app = MongoStore.create(MongoStoreConfig.from(store.config())
                .credentials(() -> MongoCredential.createScramSha256Credential("rotating", db, vault.get().toCharArray())).build())) {
            vault.set("first-password"); // the supplier now knows better than the client's first credential
            Repository<Account, String> accounts = app.repository(Account.class);
            accounts.insert(new Account("r1", 1, 0)); // refused once, asked again, retried on a new client
            admin.runCommand(new Document("updateUser", "rotating").append("pwd", "second-password"));
            vault.set("second-password");
            assertThat(app.refreshCredentials()).isTrue();
            assertThat(accounts.findById("r1")).isPresent();
            assertThat(app.toString()).doesNotContain("password");
        } finally {
            admin.runCommand(new Document("dropUser", "rotating"));
        }
    }
}
