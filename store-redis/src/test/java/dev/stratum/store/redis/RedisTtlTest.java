package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Session;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expired entities vanish from every read and leave no index entry behind: lazily on the next read
 * or write, and in the background by the sweeper. Waits poll with a deadline; no durations are asserted.
 */
class RedisTtlTest {
    /** An entity living one second after each write, with a unique and two ordinary indexes. */
    @Entity(value = "redis_tokens", ttlSeconds = 1)
    record Token(@Id @Nullable String id, @Indexed String owner, @Indexed int rank, @Indexed(unique = true) String code) {}

    private static IndexConsistency indexes;

    @BeforeAll
    static void open() {
        indexes = new IndexConsistency(RedisTestServer.shared().uri());
    }

    @AfterAll
    static void close() {
        indexes.close();
    }

    private static RedisStore store(Duration sweepInterval) {
        return RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("ttl" + UUID.randomUUID().toString().substring(0, 8))
                .sweepInterval(sweepInterval).build();
    }


    private List<String> keysOf(RedisStore store, String collection) {
        // write keys (idempotence records of recent writes) expire by themselves after twice the command timeout
        return indexes.scan("{" + store.config().keyPrefix() + ":" + collection + "}:*").stream().filter(k -> !k.contains("}:w:")).toList();
    }

    @Test
    void theSweeperRemovesExpiredEntitiesAndEveryIndexEntry() {
        try (RedisStore store = store(Duration.ofMillis(200))) {
            Repository<Token, String> tokens = store.repository(Token.class);
            for (int i = 0; i < 5; i++) {
                tokens.insert(new Token(null, "ann", i, "code-" + i));
            }
            assertThat(tokens.count(Query.where(Filter.eq("owner", "ann")))).isEqualTo(5);
            indexes.check(store, Token.class);
            Await.until("swept", () -> keysOf(store, "redis_tokens").isEmpty());
            assertThat(tokens.find(Query.where(Filter.eq("owner", "ann")))).isEmpty();
            assertThat(tokens.count(Query.all())).isZero();
            indexes.check(store, Token.class);
        }
    }

    @Test
    void withoutTheSweeperTheNextReadCleansUpAndNeverReturnsPhantoms() {
        try (RedisStore store = store(Duration.ZERO)) {
            Repository<Token, String> tokens = store.repository(Token.class);
            Token t = tokens.insert(new Token(null, "bob", 1, "only"));
            Await.until("expired", () -> indexes.redis().exists("{" + store.config().keyPrefix() + ":redis_tokens}:d:" + t.id()) == 0);
            assertThat(keysOf(store, "redis_tokens")).as("index entries wait for the next read").isNotEmpty();
            assertThat(tokens.find(Query.where(Filter.eq("owner", "bob")).sortBy(Sort.desc("rank")))).isEmpty();
            assertThat(tokens.count(Query.where(Filter.gte("rank", 0)))).isZero();
            assertThat(keysOf(store, "redis_tokens")).as("the read purged the expired entity's entries").isEmpty();
            indexes.check(store, Token.class);
        }
    }

    @Test
    void anExpiredOwnerOfAUniqueValueDoesNotBlockANewOne() {
        try (RedisStore store = store(Duration.ZERO)) {
            Repository<Token, String> tokens = store.repository(Token.class);
            Token first = tokens.insert(new Token(null, "cid", 1, "shared"));
            Await.until("expired", () -> tokens.findById(first.id()).isEmpty());
            Token second = tokens.insert(new Token(null, "dan", 2, "shared"));
            assertThat(tokens.find(Query.where(Filter.eq("code", "shared")))).extracting(Token::id).containsExactly(second.id());
            indexes.check(store, Token.class);
        }
    }

    @Test
    void aTtlIndexedInstantExpiresTheEntityAfterItsOwnTime() {
        try (RedisStore store = store(Duration.ofMillis(200))) {
            Repository<Session, String> sessions = store.repository(Session.class);
            Session live = sessions.insert(new Session(null, "u1", Instant.now()));
            Session old = sessions.insert(new Session(null, "u1", Instant.now().minusSeconds(30)));
            assertThat(sessions.findById(old.id())).as("expired on arrival").isEmpty();
            assertThat(sessions.find(Query.where(Filter.eq("userId", "u1")))).extracting(Session::id).containsExactly(live.id());
            Await.until("expired", () -> sessions.count(Query.where(Filter.eq("userId", "u1"))) == 0);
            Await.until("swept", () -> keysOf(store, "kit_sessions").isEmpty());
            indexes.check(store, Session.class);
        }
    }
}
