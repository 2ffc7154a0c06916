package dev.stratum.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PageRequest}, {@link Page}, {@link BulkResult}, {@link Capabilities} and the exceptions' messages. */
class PagingAndResultsTest {

    @Test
    void pageRequestsAreValidatedAndNeverPrintTheCursor() {
        assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.offset(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        PageRequest after = PageRequest.after("c2VjcmV0LWN1cnNvcg", 20);
        assertThat(after.cursor()).contains("c2VjcmV0LWN1cnNvcg");
        assertThat(after.isOffset()).isFalse();
        assertThat(after.toString()).doesNotContain("c2VjcmV0LWN1cnNvcg").contains("size=20");
        PageRequest offset = PageRequest.offset(40, 20);
        assertThat(offset.isOffset()).isTrue();
        assertThat(offset.offset()).isEqualTo(40);
        assertThat(offset.cursor()).isEmpty();
        assertThat(PageRequest.first(5).cursor()).isEmpty();
    }

    @Test
    void aPageCopiesItsItemsAndExposesTheNextCursor() {
        List<String> items = new ArrayList<>(List.of("a", "b"));
        Page<String> page = new Page<>(items, Optional.of(PageRequest.after("xyz", 2)));
        items.add("c");
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.hasNext()).isTrue();
        assertThat(page.cursor()).isEqualTo("xyz");
        Page<String> last = new Page<>(List.of("z"), Optional.empty());
        assertThat(last.hasNext()).isFalse();
        assertThat(last.cursor()).isNull();
        assertThat(new Page<>(List.of(), Optional.of(PageRequest.offset(10, 5))).cursor()).isNull();
    }

    @Test
    void bulkResultSummarisesItsFailures() {
        DataAccessException first = new DuplicateKeyException("dup 1");
        DataAccessException second = new InvalidEntityException("bad key");
        BulkResult<String> r = new BulkResult<>(List.of("ok0", "ok3"),
                List.of(new BulkResult.Failure<>(1, "e1", first), new BulkResult.Failure<>(2, "e2", second)));
        assertThat(r.hasFailures()).isTrue();
        assertThatThrownBy(r::throwIfFailed).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("2 of 4").hasMessageContaining("index 1").hasMessageContaining("dup 1")
                .hasCause(first)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second))
                .satisfies(e -> assertThat(((DataAccessException) e).errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEY));
        BulkResult<String> ok = new BulkResult<>(List.of("a"), List.of());
        assertThat(ok.throwIfFailed()).isSameAs(ok);
    }

    @Test
    void capabilitiesAnswerAndRefuseNamingTheStore() {
        Capabilities caps = new Capabilities("redis", EnumSet.of(Capability.OR, Capability.SCAN), 512L << 20);
        assertThat(caps.supports(Capability.OR)).isTrue();
        assertThat(caps.supports(Capability.TEXT_SEARCH)).isFalse();
        caps.require(Capability.SCAN, "scan");
        assertThatThrownBy(() -> caps.require(Capability.TEXT_SEARCH, "text search"))
                .isInstanceOf(QueryNotSupportedException.class)
                .hasMessage("redis cannot execute text search")
                .satisfies(e -> {
                    QueryNotSupportedException q = (QueryNotSupportedException) e;
                    assertThat(q.store()).isEqualTo("redis");
                    assertThat(q.construct()).isEqualTo("text search");
                    assertThat(q.errorCode()).isEqualTo(ErrorCode.QUERY_NOT_SUPPORTED);
                });
        assertThat(new Capabilities("none", Set.of(), 1).supported()).isEmpty();
        assertThatThrownBy(() -> caps.supported().add(Capability.TTL)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void capabilitiesWithOrWithoutOneCapabilityKeepTheRest() {
        Capabilities caps = new Capabilities("elasticsearch", EnumSet.of(Capability.OR, Capability.READ_YOUR_WRITES), 16);
        Capabilities lagging = caps.with(Capability.READ_YOUR_WRITES, false);
        assertThat(lagging.supported()).containsExactly(Capability.OR);
        assertThat(lagging.store()).isEqualTo("elasticsearch");
        assertThat(lagging.maxDocumentBytes()).isEqualTo(16);
        assertThat(lagging.with(Capability.READ_YOUR_WRITES, true)).isEqualTo(caps);
        assertThat(caps.with(Capability.READ_YOUR_WRITES, true)).isSameAs(caps);
        assertThat(new Capabilities("none", Set.of(), 1).with(Capability.READ_YOUR_WRITES, true).supported())
                .containsExactly(Capability.READ_YOUR_WRITES);
        assertThat(Capability.READ_YOUR_WRITES.isSemantic()).as("a guarantee, not a declared difference").isFalse();
    }

    @Test
    void queryNotSupportedCarriesItsDetail() {
        assertThat(new QueryNotSupportedException("redis", "filter on unindexed field 'title'", "declare it @Indexed").getMessage())
                .isEqualTo("redis cannot execute filter on unindexed field 'title' (declare it @Indexed)");
    }

    @Test
    void everyExceptionHasItsErrorCodeAndOnlyTransientOnesSayRetry() {
        assertThat(new DuplicateKeyException("x").errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEY);
        assertThat(new OptimisticLockException("x").errorCode()).isEqualTo(ErrorCode.OPTIMISTIC_LOCK);
        assertThat(new EntityNotFoundException("x").errorCode()).isEqualTo(ErrorCode.ENTITY_NOT_FOUND);
        assertThat(new InvalidQueryException("x").errorCode()).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(new InvalidEntityException("x").errorCode()).isEqualTo(ErrorCode.INVALID_ENTITY);
        assertThat(new MappingException("x").errorCode()).isEqualTo(ErrorCode.MAPPING);
        assertThat(new StoreUnavailableException("x", null).errorCode().isTransient()).isTrue();
        assertThat(new StoreTimeoutException("x", null).errorCode().isTransient()).isTrue();
        assertThat(ErrorCode.DUPLICATE_KEY.isTransient()).isFalse();
        RuntimeException driver = new RuntimeException("driver");
        assertThat(new StoreUnavailableException("down", driver)).hasCause(driver);
    }
}
