package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Store;
import dev.stratum.testkit.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README quickstart, kept true: it must show CRUD, a query, keyset paging and a handled conflict. */
class QuickstartTest {

    @Test
    void walkthroughRunsOnTheInMemoryStore() {
        try (Store store = InMemoryStore.create()) {
            String out = run(store);
            assertThat(out).contains("(version 1)", "updated to IN_PROGRESS (version 2)");
            assertThat(out).contains("backend: [5] Fix login bug", "backend: [3] Tune indexes");
            assertThat(out).contains("page 1: [Fix login bug, Rotate keys]", "page 2: [Tune indexes, Write the docs]", "page 3: [Plan sprint]");
            assertThat(out).contains("partially updated: Write the docs (v2) [3] [docs, readme] (version 3)");
            assertThat(out).contains("open: [TaskTitle[title=Fix login bug, priority=5], TaskTitle[title=Rotate keys, priority=4],"
                    + " TaskTitle[title=Tune indexes, priority=3], TaskTitle[title=Plan sprint, priority=1]]");
            assertThat(out).contains("conflict handled:", "-> DONE (version 4)", "deleted 1 done task(s); 4 left");
            assertThat(out).containsPattern("hourly: pump-1 \\S+ avg 15.0 \\(2 samples\\)\nhourly: pump-1 \\S+ avg 30.0 \\(1 samples\\)\n"
                    + "hourly: pump-2 \\S+ avg 7.0 \\(1 samples\\)");
        }
    }

    @Test
    void walkthroughRunsOnInProcessMongo() {
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
        server.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        try (Store store = dev.stratum.store.mongo.MongoStore.builder().uri(uri).database("quickstart").build()) {
            String out = run(store);
            assertThat(out).startsWith("Stratum quickstart on mongodb");
            assertThat(out).contains("page 3: [Plan sprint]", "conflict handled:", "deleted 1 done task(s); 4 left");
            assertThat(out).contains("partially updated: Write the docs (v2) [3] [docs, readme] (version 3)", "avg 15.0 (2 samples)");
        } finally {
            server.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "elasticsearch", "firestore"})
    void theSameWalkthroughRunsOnEveryStore(String kind) {
        try (ExampleStores.Opened opened = ExampleStores.open(kind, "qs" + kind)) {
            String out = run(opened.store());
            assertThat(out).startsWith("Stratum quickstart on ");
            assertThat(out).contains("updated to IN_PROGRESS (version 2)", "backend: [5] Fix login bug", "page 3: [Plan sprint]");
            assertThat(out).contains("partially updated: Write the docs (v2) [3] [docs, readme] (version 3)");
            assertThat(out).contains("conflict handled:", "deleted 1 done task(s); 4 left", "avg 15.0 (2 samples)");
        }
    }

    @Test
    void mainTakesTheStoreAsItsArgument() {
        Quickstart.main(new String[] {"memory"});
        assertThatThrownBy(() -> Quickstart.main(new String[] {"cassandra"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown store 'cassandra'").hasMessageContaining("elasticsearch");
    }

    static String run(Store store) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Quickstart.run(store, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
