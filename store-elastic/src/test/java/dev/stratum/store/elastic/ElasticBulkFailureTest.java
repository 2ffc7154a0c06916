package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.BulkResult;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.Direction;
import dev.stratum.testkit.fault.FaultProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code saveAll} when the connection is reset in the middle of its second {@code _bulk} request (issue #15): the
 * first batch was acknowledged and is reported written, the second one's entities fail with
 * {@link WriteOutcomeUnknownException} (the request may have reached the server), the third batch is not sent and
 * its entities fail with {@link StoreUnavailableException} (a retry is safe), instead of one exception for the whole
 * call. Retrying the failed ones converges.
 */
class ElasticBulkFailureTest {
    private static final int BATCH = 10;
    /** About 2 KiB of JSON an entity, so a batch's request is about 20 KiB. */
    private static final String PAYLOAD = "x".repeat(2_000);

    @Entity("bulk_faults")
    record Crate(@Id String id, @Indexed String group, String payload) {}

    @Entity("bulk_fault_codes")
    record Coded(@Id String id, @Indexed(unique = true) String code, String payload) {}

    @Test
    void aResetMidBatchFailsThatBatchAndSkipsTheRestButKeepsTheAcknowledgedOnes() {
        try (FaultProxy proxy = ElasticTestServer.shared().startFaultProxy(); ElasticStore store = throughProxy(proxy)) {
            Repository<Crate, String> repo = store.repository(Crate.class);
            List<Crate> crates = IntStream.range(0, 3 * BATCH).mapToObj(i -> new Crate("c" + i, "g" + (i % 3), PAYLOAD)).toList();
            // the 30,000th byte to the server is in the second request (each is ~20 KiB)
            proxy.resetAfterBytes(Direction.CLIENT_TO_SERVER, 30_000);
            BulkResult<Crate> result = repo.saveAll(crates);
            proxy.heal();

            assertOutcomes("c", result.saved().stream().map(Crate::id).toList(), failures(result));
            // the acknowledged batch is stored, the skipped one is not
            assertThat(repo.findAllById(ids("c", 0, BATCH))).hasSize(BATCH);
            assertThat(repo.findAllById(ids("c", 2 * BATCH, 3 * BATCH))).isEmpty();

            List<Crate> again = result.failures().stream().map(BulkResult.Failure::entity).toList();
            assertThat(repo.saveAll(again).failures()).isEmpty();
            assertThat(repo.count(Query.all())).isEqualTo(3 * BATCH);
        }
    }

    @Test
    void entitiesWithUniqueIndexesAreReportedPerBatchToo() {
        try (FaultProxy proxy = ElasticTestServer.shared().startFaultProxy(); ElasticStore store = throughProxy(proxy)) {
            Repository<Coded, String> repo = store.repository(Coded.class);
            List<Coded> all = IntStream.range(0, 3 * BATCH).mapToObj(i -> new Coded("u" + i, "code-" + i, PAYLOAD)).toList();
            repo.count(Query.all()); // the reservation index exists before the cut
            // per batch: one _mget of the stored documents (none: they are new, so not sent), the reservations' _bulk
            // (small), the entities' _bulk (~20 KiB): the cut falls in the second batch's entity request
            proxy.resetAfterBytes(Direction.CLIENT_TO_SERVER, 30_000);
            BulkResult<Coded> result = repo.saveAll(all);
            proxy.heal();

            assertOutcomes("u", result.saved().stream().map(Coded::id).toList(), failures(result));
            List<Coded> again = result.failures().stream().map(BulkResult.Failure::entity).toList();
            // the failed batch's reservations may be held by entities that were never acknowledged: retried, the same
            // entities take their own reservations back (same owner)
            assertThat(repo.saveAll(again).failures()).isEmpty();
            assertThat(repo.count(Query.all())).isEqualTo(3 * BATCH);
        }
    }

    private static ElasticStore throughProxy(FaultProxy proxy) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uriThrough(proxy)).indexPrefix(ElasticTestServer.uniquePrefix("bulkfault"))
                .replicas(0).bulkBatchSize(BATCH).build();
    }

    private static List<BulkResult.Failure<?>> failures(BulkResult<?> result) {
        return new ArrayList<>(result.failures());
    }

    /** Batch 1 written, batch 2 outcome unknown, batch 3 not attempted. */
    private static void assertOutcomes(String prefix, List<String> saved, List<BulkResult.Failure<?>> failures) {
        assertThat(saved).containsExactlyElementsOf(ids(prefix, 0, BATCH));
        assertThat(failures).hasSize(2 * BATCH);
        assertThat(failures.subList(0, BATCH)).allSatisfy(f -> assertThat(f.error()).isInstanceOf(WriteOutcomeUnknownException.class));
        assertThat(failures.subList(0, BATCH).stream().map(BulkResult.Failure::index)).containsExactlyElementsOf(
                IntStream.range(BATCH, 2 * BATCH).boxed().toList());
        assertThat(failures.subList(BATCH, 2 * BATCH)).allSatisfy(f -> {
            assertThat(f.error()).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("not attempted");
            assertThat(f.error().getCause()).isInstanceOf(WriteOutcomeUnknownException.class);
        });
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }
}
