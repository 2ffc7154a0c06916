package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import dev.stratum.api.Repository;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Member;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 8, on the stored form: MongoDB indexes an explicit null in a sparse index (only an
 * absent field is left out), so a second null under {@code @Indexed(unique = true, sparse = true)}
 * clashed on a real server. The store never writes null for such a field, on insert, save or update.
 * (mongo-java-server treats null as absent in sparse indexes, so the kit's behavioural check alone
 * would pass on it either way.)
 */
class MongoSparseNullsTest {
    private static MongoStore store;

    @BeforeAll
    static void open() {
        store = TestStores.create("sparse");
    }

    @AfterAll
    static void close() {
        TestStores.dropAndClose(store);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNullUnderASparseIndexIsNeverWritten() {
        Repository<Member, String> members = store.repository(Member.class);
        members.insert(new Member("m1", "Ann", null));
        members.save(new Member("m2", "Bob", null));
        members.insert(new Member("m3", "Cy", "cee"));
        members.update("m3", Update.set("nickname", null));
        MongoCollection<Document> raw = members.unwrap(MongoCollection.class);
        for (String id : new String[] {"m1", "m2", "m3"}) {
            Document stored = raw.find(new Document("_id", id)).first();
            assertThat(stored).as(id).isNotNull().containsEntry("name", stored.get("name")).doesNotContainKey("nickname");
        }
        assertThat(members.findById("m3")).get().extracting(Member::nickname).isNull();
    }
}
