package dev.stratum.store.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Repository;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.elastic.ElasticStoreConfig;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.Direction;
import dev.stratum.testkit.fault.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Unique indexes kept by reservations: enforced over documents stored before the index was declared (back-fill at
 * open, refused over duplicates), and kept through a write whose outcome is unknown (FaultProxy), then repaired
 * if the write did not land.
 */
class ElasticUniqueEnforcementTest {
    @Entity("medals")
    record PlainMedal(@Id String id, String code) {}

    @Entity("medals")
    record Medal(@Id String id, @Indexed(unique = true) String code) {}

    @Entity("trophies")
    record PlainTrophy(@Id String id, String code) {}

    @Entity("trophies")
    record Trophy(@Id String id, @Indexed(unique = true) String code) {}

    @Entity("tokens")
    record Token(@Id String id, @Indexed(unique = true) String code) {}

    private static ElasticStoreConfig.Builder<ElasticStore> builder(String prefix) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(prefix).replicas(0);
    }

    @Test
    void aUniqueIndexDeclaredOverStoredDocumentsIsEnforcedFromTheOpen() throws Exception {
        String prefix = ElasticTestServer.uniquePrefix("backfill");
        try (ElasticStore before = builder(prefix).build()) {
            before.repository(PlainMedal.class).insert(new PlainMedal("a", "GOLD"));
        }
        // two instances open the unique repository at once: both back-fill, neither fails
        try (ElasticStore one = builder(prefix).build(); ElasticStore two = builder(prefix).build()) {
            CompletableFuture<Repository<Medal, String>> first = CompletableFuture.supplyAsync(() -> one.<Medal, String>repository(Medal.class));
            var second = CompletableFuture.supplyAsync(() -> two.repository(Medal.class));
            Repository<Medal, String> medals = first.get();
            second.get();
            assertThatThrownBy(() -> medals.insert(new Medal("b", "GOLD"))).isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining("'a' holds it");
            medals.insert(new Medal("c", "SILVER"));
            assertThat(medals.findById("b")).isEmpty();
            ElasticsearchClient es = one.unwrap(ElasticsearchClient.class);
            assertThat(es.get(g -> g.index(prefix + "stratum_unique").id(prefix + "medals|code_1|#backfilled"), Map.class).found())
                    .as("the marker: the back-fill runs once per index and unique index").isTrue();
        }
    }

    @Test
    void duplicatesStoredBeforeTheUniqueIndexRefuseTheOpenNamingThem() {
        String prefix = ElasticTestServer.uniquePrefix("backfill_dup");
        try (ElasticStore store = builder(prefix).build()) {
            Repository<PlainTrophy, String> plain = store.repository(PlainTrophy.class);
            plain.saveAll(List.of(new PlainTrophy("t1", "CUP"), new PlainTrophy("t2", "BOWL"), new PlainTrophy("t3", "CUP")));
            assertThatThrownBy(() -> store.repository(Trophy.class)).isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining("'code_1'").hasMessageContaining("code").hasMessageContaining("'t1'")
                    .hasMessageContaining("'t3'");
            plain.deleteById("t3");
            Repository<Trophy, String> trophies = store.repository(Trophy.class);
            assertThatThrownBy(() -> trophies.insert(new Trophy("t4", "BOWL"))).isInstanceOf(DuplicateKeyException.class);
            trophies.insert(new Trophy("t4", "PLATE"));
        }
    }

    @Test
    void aSingleWriteWhoseOutcomeIsUnknownKeepsItsReservationUntilTheRepairFindsItsEntityMissing() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        String prefix = ElasticTestServer.uniquePrefix("unknown");
        try (FaultProxy proxy = ElasticTestServer.shared().startFaultProxy();
                ElasticStore direct = builder(prefix).clock(clock).build();
                ElasticStore through = ElasticStore.builder().uri(ElasticTestServer.shared().uriThrough(proxy)).indexPrefix(prefix)
                        .replicas(0).clock(clock).build()) {
            Repository<Token, String> tokens = through.repository(Token.class);
            Repository<Token, String> check = direct.repository(Token.class);
            // calibration: an insert of the same shape (ids, values and times of the same length) sends and receives this much
            long sent = proxy.bytesToServer();
            long received = proxy.bytesToClient();
            tokens.insert(new Token("c1", "CAL01"));
            long request = proxy.bytesToServer() - sent;
            long reply = proxy.bytesToClient() - received;

            // 1. the entity's reply is cut: it was stored, the client cannot know
            proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, reply - 20);
            assertThatThrownBy(() -> tokens.insert(new Token("k1", "GOLD1"))).isInstanceOf(WriteOutcomeUnknownException.class);
            assertThat(check.findById("k1")).isPresent();
            assertThatThrownBy(() -> check.insert(new Token("x1", "GOLD1"))).isInstanceOf(DuplicateKeyException.class);
            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> check.insert(new Token("x1", "GOLD1"))).as("past the grace period: k1 holds it")
                    .isInstanceOf(DuplicateKeyException.class);

            // 2. the entity's request is cut before its last bytes: the server never stored it
            sent = proxy.bytesToServer();
            tokens.insert(new Token("c2", "CAL02"));
            request = proxy.bytesToServer() - sent;
            proxy.resetAfterBytes(Direction.CLIENT_TO_SERVER, request - 5);
            assertThatThrownBy(() -> tokens.insert(new Token("k2", "GOLD2"))).isInstanceOf(WriteOutcomeUnknownException.class);
            assertThat(check.findById("k2")).as("the write did not land").isEmpty();
            assertThatThrownBy(() -> check.insert(new Token("x2", "GOLD2"))).as("the reservation is kept (k2 may have been stored)")
                    .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("'k2' holds it");
            // the README's repair: a reservation older than the grace period whose owner does not hold the value is taken over
            clock.advance(Duration.ofSeconds(31));
            check.insert(new Token("x2", "GOLD2"));
            assertThat(check.findById("x2")).isPresent();
        }
    }
}
