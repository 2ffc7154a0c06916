package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyset pages take Elasticsearch's native {@code search_after} for entities and for projection types alike: the
 * searches the store sends (recorded by an interceptor on a real client, against the real server) carry the previous
 * page's sort values, never a rebuilt range filter, and the pages walk the same rows as a sorted find.
 */
class ElasticNativePagingTest {
    private static final List<String> searches = Collections.synchronizedList(new ArrayList<>());
    private static RestClient rest;
    private static ElasticStore store;
    private static Repository<Row, String> rows;

    @Entity("paged_rows")
    public record Row(@Id String id, @Indexed int rank, String label, String extra) {}

    /** A projection type: two of the entity's properties. */
    public record RowLabel(String id, String label) {}

    @BeforeAll
    static void open() {
        URI u = URI.create(ElasticTestServer.shared().uri());
        rest = RestClient.builder(new HttpHost(u.getHost(), u.getPort(), u.getScheme()))
                .setHttpClientConfigCallback(hc -> hc.addInterceptorLast((HttpRequestInterceptor) (request, context) -> {
                    if (request.getRequestLine().getUri().contains("_search") && request instanceof HttpEntityEnclosingRequest r
                            && r.getEntity() != null) {
                        searches.add(EntityUtils.toString(r.getEntity()));
                    }
                })).build();
        store = ElasticStore.builder().restClient(rest).indexPrefix(ElasticTestServer.uniquePrefix("paging")).replicas(0).build();
        rows = store.repository(Row.class);
        rows.saveAll(IntStream.range(0, 25).mapToObj(i -> new Row("r" + (100 + i), i % 3, "label " + i, "extra " + i)).toList())
                .throwIfFailed();
    }

    @AfterAll
    static void close() throws IOException {
        if (store != null) {
            store.close();
        }
        if (rest != null) {
            rest.close();
        }
    }

    @BeforeEach
    void clear() {
        searches.clear();
    }

    private static <T> List<T> walk(Function<PageRequest, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        Optional<PageRequest> next = Optional.of(PageRequest.first(10));
        while (next.isPresent()) {
            Page<T> page = fetch.apply(next.get());
            all.addAll(page.items());
            next = page.next();
        }
        return all;
    }

    private static final Query BY_RANK = Query.all().sortBy(Sort.desc("rank"));

    @Test
    void entityPagesSendTheLastHitsSortValuesAsSearchAfter() {
        List<Row> paged = walk(r -> rows.page(BY_RANK, r));
        List<String> sent = List.copyOf(searches);
        assertThat(paged).containsExactlyElementsOf(rows.find(BY_RANK.sortBy(Sort.desc("rank"), Sort.asc("id"))));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).doesNotContain("search_after");
        assertThat(sent.subList(1, 3)).allSatisfy(body -> assertThat(body).contains("\"search_after\"").doesNotContain("\"range\""));
    }

    @Test
    void projectionPagesTakeTheSameNativePathAndReadOnlyTheirFields() {
        List<RowLabel> paged = walk(r -> rows.page(BY_RANK, r, RowLabel.class));
        List<String> sent = List.copyOf(searches);
        assertThat(paged).containsExactlyElementsOf(rows.find(BY_RANK.sortBy(Sort.desc("rank"), Sort.asc("id"))).stream()
                .map(row -> new RowLabel(row.id(), row.label())).toList());
        assertThat(sent).hasSize(3);
        assertThat(sent.subList(1, 3)).allSatisfy(body -> assertThat(body).contains("\"search_after\"").doesNotContain("\"range\""));
        assertThat(sent).allSatisfy(body -> assertThat(body).contains("\"includes\"").contains("\"label\"").doesNotContain("\"extra\""));
    }

    @Test
    void aProjectionPageCursorIsBoundToItsQuery() {
        Page<RowLabel> first = rows.page(BY_RANK, PageRequest.first(10), RowLabel.class);
        PageRequest next = first.next().orElseThrow();
        assertThat(rows.page(BY_RANK, next, RowLabel.class).items()).hasSize(10);
        assertThatThrownBy(() -> rows.page(Query.all().sortBy(Sort.asc("rank")), next, RowLabel.class))
                .isInstanceOf(InvalidQueryException.class);
    }
}
