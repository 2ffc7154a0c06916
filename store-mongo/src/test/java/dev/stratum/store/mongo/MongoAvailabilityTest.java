package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import dev.stratum.api.BulkResult;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.Entity;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.Health;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.store.mongo.internal.MongoErrors;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Health, a server that goes away, timeouts, and authentication failures: the right exceptions, the driver's as cause, no secrets. */
class MongoAvailabilityTest {
    private static final String SECRET = "n0t-f0r-l0gs";

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    private static MongoStore fastFailing(String uri) {
        return MongoStore.builder().uri(uri + "/availability?serverSelectionTimeoutMS=400&connectTimeoutMS=400").healthTimeout(Duration.ofMillis(800)).streamBatchSize(5).build();
    }

    @Test
    void healthReportsUpWithLatencyAndVersion() {
        try (MongoStore store = TestStores.create("health")) {
            Health h = store.health();
            assertThat(h.up()).isTrue();
            assertThat(h.error()).isNull();
            assertThat(h.latency()).isPositive();
            assertThat(h.serverVersion()).matches("\\d+\\.\\d+.*");
            assertThat(h.details()).containsEntry("database", store.config().database()).containsKey("server");
            if (!MongoTestServer.shared().isRealMongoDB()) {
                assertThat(h.details()).containsEntry("server", "mongo-java-server");
            }
        }
    }

    @Test
    void aServerThatGoesAwayGivesStoreUnavailableWithTheDriverExceptionAsCause() {
        try (MongoTestServer own = MongoTestServer.startInProcess(); MongoStore store = fastFailing(own.uri())) {
            Repository<Note, String> notes = store.repository(Note.class);
            Note kept = notes.insert(new Note(null, "before"));
            List<Note> many = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                notes.insert(new Note("n" + i, "streamed " + i));
                many.add(new Note("later" + i, "bulk " + i));
            }
            Stream<Note> open = store.<Note, String>repository(Note.class).stream(Query.all());

            own.close(); // the server is gone

            assertThatThrownBy(() -> notes.findById(kept.id())).isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(MongoException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e).errorCode().isTransient()).isTrue());
            assertThatThrownBy(() -> notes.insert(new Note(null, "after"))).isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(MongoException.class);
            assertThatThrownBy(() -> notes.find(Query.all())).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> notes.count(Query.all())).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> open.forEach(n -> { })).as("a stream whose next batch cannot be fetched")
                    .isInstanceOf(StoreUnavailableException.class);
            open.close();

            BulkResult<Note> bulk = notes.saveAll(many);
            assertThat(bulk.saved()).isEmpty();
            assertThat(bulk.failures()).hasSize(30).allSatisfy(f -> assertThat(f.error()).isInstanceOf(StoreUnavailableException.class));

            Health h = store.health();
            assertThat(h.up()).isFalse();
            assertThat(h.error()).contains("unavailable");
        }
    }

    @Test
    void aStoreWhoseServerNeverAnsweredFailsOnFirstUseNotOnBuild() {
        int port;
        try (MongoTestServer own = MongoTestServer.startInProcess()) {
            port = Integer.parseInt(own.uri().substring(own.uri().lastIndexOf(':') + 1));
        }
        try (MongoStore store = fastFailing("mongodb://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> store.repository(Note.class)).isInstanceOf(StoreUnavailableException.class);
            assertThat(store.health().up()).isFalse();
        }
    }

    @Test
    void timeoutsAreStoreTimeoutsAndTheirCauseIsKept() {
        MongoSocketReadTimeoutException read = new MongoSocketReadTimeoutException("Timeout while receiving message",
                new ServerAddress("db1", 27017), new IOException("read timed out"));
        DataAccessException e = MongoErrors.translate(read, "find in tasks");
        assertThat(e).isInstanceOf(StoreTimeoutException.class).hasCause(read).hasMessageContaining("find in tasks");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_TIMEOUT);
        MongoExecutionTimeoutException maxTime = new MongoExecutionTimeoutException(50, "operation exceeded time limit");
        assertThat(MongoErrors.translate(maxTime, "count in tasks")).isInstanceOf(StoreTimeoutException.class).hasCause(maxTime);
    }

    @Test
    void refusedAuthenticationAsksTheSupplierAgainAndNeverShowsTheSecret() {
        // mongo-java-server has no authentication at all: every attempt is refused, which is what this needs
        AtomicInteger asked = new AtomicInteger();
        try (MongoTestServer own = MongoTestServer.startInProcess();
                MongoStore store = MongoStore.builder().uri(own.uri() + "/auth?serverSelectionTimeoutMS=2000")
                        .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin",
                                (SECRET + asked.incrementAndGet()).toCharArray()))
                        .build()) {
            assertThat(asked).hasValue(1);
            assertThatThrownBy(() -> store.capabilities()).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("refused authentication")
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain(SECRET);
                        assertThat(e.toString()).doesNotContain(SECRET);
                        assertThat(e.getCause()).isInstanceOf(com.mongodb.MongoSecurityException.class);
                        assertThat(e.getCause().getMessage()).doesNotContain(SECRET).contains("password=<hidden>");
                    });
            assertThat(asked).as("rotated once: asked again after the refusal, retried, refused again").hasValue(2);
            assertThat(store.toString()).doesNotContain(SECRET);
            assertThat(store.health().error()).doesNotContain(SECRET);
        }
    }
}
