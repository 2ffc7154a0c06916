package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Store;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MongoDB → Elasticsearch copy example, run on the test servers (the real Elasticsearch distribution). */
class CopyTasksToSearchTest {
    @TempDir
    Path dir;

    @Test
    void copiesVerifiesAndSearches() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String prefix = ElasticTestServer.uniquePrefix("example");
        try (Store mongo = MongoStore.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("example"))).build();
                ElasticStore search = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(prefix).replicas(0).build();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            CopyTasksToSearch.run(mongo, search, dir, out);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("seeded 500 tasks in mongodb", "copied 500 tasks into elasticsearch", "search store matches source: true",
                "top backend tasks in elasticsearch: [Task 104, Task 114, Task 124]");
    }
}
