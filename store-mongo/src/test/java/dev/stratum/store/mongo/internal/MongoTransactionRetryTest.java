package dev.stratum.store.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoException;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.Entity;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.Id;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Update;
import dev.stratum.api.Version;
import dev.stratum.api.spi.TransactionScope;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.mongo.MongoStoreConfig;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retry of transient transaction errors by the driver's {@code withTransaction}. Without a replica
 * set the label path is driven through the real driver session: a body whose store call fails with a
 * {@code TransientTransactionError}-labelled driver exception (translated by {@link MongoConnection#call}
 * as every repository call is) must be run again by the driver, not surface as a failure. With a
 * replica set ({@code STRATUM_MONGODB_URI}) a real write conflict between two transactions is retried.
 */
class MongoTransactionRetryTest {
    private static MongoConnection connection;

    @BeforeAll
    static void open() {
        MongoStoreConfig config = MongoStoreConfig.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("txretry"))).build();
        connection = new MongoConnection(config);
    }

    @AfterAll
    static void close() {
        connection.close();
    }

    private static MongoException transientError() {
        MongoException e = new MongoException(112, "WriteConflict (simulated)");
        e.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
        return e;
    }

    @Test
    void aTransientErrorInsideTheBodyIsRetriedByTheDriver() {
        AtomicInteger attempts = new AtomicInteger();
        List<Throwable> seenByBody = new ArrayList<>();
        String result = connection.runTransaction(() -> {
            assertThat(connection.session()).as("the body runs in the driver's session").isNotNull();
            assertThat(TransactionScope.active()).as("caches can tell").isTrue();
            if (attempts.incrementAndGet() == 1) {
                try {
                    return connection.call("update in accounts", () -> {
                        throw transientError();
                    });
                } catch (DataAccessException e) {
                    seenByBody.add(e);
                    throw e; // as application code does: it does not know about labels
                }
            }
            return "committed";
        });
        assertThat(result).isEqualTo("committed");
        assertThat(attempts).as("the driver ran the body again").hasValue(2);
        assertThat(seenByBody).singleElement().as("the body sees Stratum's exception").isInstanceOf(StoreUnavailableException.class);
        assertThat(TransactionScope.active()).isFalse();
        assertThat(connection.session()).isNull();
    }

    @Test
    void otherErrorsAbortAtOnceAndSurfaceTranslated() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> connection.runTransaction(() -> {
            attempts.incrementAndGet();
            return connection.call("update in accounts", () -> {
                throw new MongoException(2, "BadValue (simulated)");
            });
        })).isInstanceOf(DataAccessException.class).satisfies(e -> assertThat(((DataAccessException) e).errorCode()).isEqualTo(ErrorCode.STORE_ERROR));
        assertThat(attempts).hasValue(1);
        assertThatThrownBy(() -> connection.runTransaction(() -> {
            throw new IllegalStateException("application failure");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(connection.session()).isNull();
    }

    @Test
    void aLabelledCauseIsFoundBehindTranslation() {
        assertThat(MongoConnection.transientCause(MongoErrors.translate(transientError(), "x"))).isNotNull();
        assertThat(MongoConnection.transientCause(new DataAccessException(ErrorCode.STORE_ERROR, "x"))).isNull();
    }

    @Entity("tx_accounts")
    record Account(@Id String id, long balance, @Version long version) {}

    /** Two transactions write one document: the loser gets a real WriteConflict and the driver reruns it. */
    @Test
    void aRealWriteConflictIsRetriedOnAReplicaSet() throws Exception {
        try (MongoStore store = MongoStore.open(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("txconflict")))) {
            assumeTrue(store.capabilities().supports(dev.stratum.api.Capability.TRANSACTIONS),
                    "needs a replica set (STRATUM_MONGODB_URI); " + MongoTestServer.shared() + " has no transactions");
            Repository<Account, String> accounts = store.repository(Account.class, String.class);
            accounts.insert(new Account("a", 0, 0));
            CountDownLatch firstWrote = new CountDownLatch(1);
            CountDownLatch secondTried = new CountDownLatch(1);
            AtomicInteger secondAttempts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> first = pool.submit(() -> store.inTransaction(tx -> {
                    tx.repository(Account.class, String.class).update("a", Update.increment("balance", 1));
                    firstWrote.countDown();
                    await(secondTried);
                    return null;
                }));
                await(firstWrote);
                Future<?> second = pool.submit(() -> store.inTransaction(tx -> {
                    secondAttempts.incrementAndGet();
                    try {
                        return tx.repository(Account.class, String.class).update("a", Update.increment("balance", 10));
                    } finally {
                        secondTried.countDown();
                    }
                }));
                first.get(60, TimeUnit.SECONDS);
                second.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(secondAttempts.get()).as("the conflicting transaction was retried").isGreaterThan(1);
            assertThat(accounts.findById("a").orElseThrow().balance()).isEqualTo(11);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
