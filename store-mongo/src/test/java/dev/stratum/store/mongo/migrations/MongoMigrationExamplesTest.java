package dev.stratum.store.mongo.migrations;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.Migrations;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's MongoDB migration examples, run by the engine against MongoDB with the native driver:
 * give every user a default role (undone by removing it) and every task an empty tag list.
 */
class MongoMigrationExamplesTest {
    MongoStore store;
    MongoDatabase db;

    /** Every user without a role gets {@code role: "user"}; undo removes the default again. */
    public static final class V1__Add_user_role implements Migration {
        @Override
        public void up(MigrationContext ctx) {
            ctx.nativeClient(MongoDatabase.class).getCollection("users")
                    .updateMany(Filters.eq("role", null), Updates.set("role", "user"));   // null or absent
        }

        @Override
        public void down(MigrationContext ctx) {
            ctx.nativeClient(MongoDatabase.class).getCollection("users")
                    .updateMany(Filters.eq("role", "user"), Updates.unset("role"));
        }

        @Override
        public boolean reversible() {
            return true;
        }
    }

    /** Every task without tags gets {@code tags: []}, so readers never meet a missing list. */
    public static final class V2__Add_task_tags implements Migration {
        @Override
        public void up(MigrationContext ctx) {
            ctx.nativeClient(MongoDatabase.class).getCollection("tasks")
                    .updateMany(Filters.eq("tags", null), Updates.set("tags", List.of())); // null or absent
        }
    }

    @BeforeEach
    void open() {
        store = MongoStore.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("examples"))).build();
        db = store.unwrap(MongoDatabase.class);
        MongoCollection<Document> users = db.getCollection("users");
        List<Document> seed = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            Document u = new Document("_id", "u" + i).append("email", "u" + i + "@example.com");
            if (i % 2 == 0) {
                u.append("role", null); // what Stratum writes for a null field (and what a repository-side undo leaves)
            }
            seed.add(u);
        }
        seed.add(new Document("_id", "admin").append("email", "admin@example.com").append("role", "admin"));
        users.insertMany(seed);
        db.getCollection("tasks").insertMany(List.of(new Document("_id", "t1").append("title", "Write docs"),
                new Document("_id", "t0").append("title", "Null tags").append("tags", null),
                new Document("_id", "t2").append("title", "Ship").append("tags", List.of("release"))));
    }

    @AfterEach
    void close() {
        db.drop();
        store.close();
    }

    private Migrations engine(Migration... migrations) {
        return Migrations.builder().target(store).migrations(migrations).owner("examples-test").build();
    }

    @Test
    void roleAndTagsAreAddedAtStartUpOnce() {
        MigrationResult result = engine(new V1__Add_user_role(), new V2__Add_task_tags()).migrate();

        assertThat(result.executed()).hasSize(2);
        MongoCollection<Document> users = db.getCollection("users");
        assertThat(users.countDocuments(Filters.eq("role", "user"))).isEqualTo(250);
        assertThat(users.find(Filters.eq("_id", "admin")).first().getString("role")).as("roles set before stay").isEqualTo("admin");
        assertThat(db.getCollection("tasks").find(Filters.eq("_id", "t1")).first().getList("tags", String.class)).isEmpty();
        assertThat(db.getCollection("tasks").find(Filters.eq("_id", "t0")).first().getList("tags", String.class)).as("null tags too").isEmpty();
        assertThat(db.getCollection("tasks").find(Filters.eq("_id", "t2")).first().getList("tags", String.class)).containsExactly("release");
        assertThat(MigrationTargets.of(store).history()).extracting(r -> r.version().toString()).containsExactly("1", "2");
        assertThat(engine(new V1__Add_user_role(), new V2__Add_task_tags()).migrate().executed()).as("second start-up").isEmpty();
    }

    @Test
    void undoRemovesTheDefaultRole() {
        Migrations roles = engine(new V1__Add_user_role());
        roles.migrate();
        assertThat(db.getCollection("users").countDocuments(Filters.exists("role"))).isEqualTo(251);

        roles.undoTo("0");

        assertThat(db.getCollection("users").countDocuments(Filters.exists("role"))).isEqualTo(1);
        assertThat(MigrationTargets.of(store).history()).isEmpty();
        assertThat(roles.info().pending()).hasSize(1);
    }
}
