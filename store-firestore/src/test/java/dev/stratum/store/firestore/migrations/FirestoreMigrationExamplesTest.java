package dev.stratum.store.firestore.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.Migrations;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Firestore migration example, run by the engine with the native client: backfill a
 * default {@code role} on every user lacking one, reading in pages of 500 by document name and
 * writing each page as one batch of at most 500 updates (Firestore's per-commit limit).
 */
class FirestoreMigrationExamplesTest {
    FirestoreStore store;
    Firestore db;

    /** Every user without a role gets {@code role: "user"}; undo removes the default again. */
    public static final class V1__Backfill_user_role implements Migration {
        @Override
        public void up(MigrationContext ctx) throws Exception {
            CollectionReference users = ctx.nativeClient(Firestore.class).collection("users");
            forEachPage(ctx.nativeClient(Firestore.class), users, (batch, doc) -> {
                if (doc.get("role") == null) {
                    batch.update(doc.getReference(), "role", "user");
                    return true;
                }
                return false;
            });
        }

        @Override
        public void down(MigrationContext ctx) throws Exception {
            CollectionReference users = ctx.nativeClient(Firestore.class).collection("users");
            forEachPage(ctx.nativeClient(Firestore.class), users, (batch, doc) -> {
                if ("user".equals(doc.get("role"))) {
                    batch.update(doc.getReference(), "role", com.google.cloud.firestore.FieldValue.delete());
                    return true;
                }
                return false;
            });
        }

        @Override
        public boolean reversible() {
            return true;
        }
    }

    interface PageStep {
        boolean apply(WriteBatch batch, QueryDocumentSnapshot doc);
    }

    /** Reads the collection in pages of 500 by document name; each page's writes are one commit. */
    static void forEachPage(Firestore db, CollectionReference c, PageStep step) throws Exception {
        QueryDocumentSnapshot last = null;
        while (true) {
            com.google.cloud.firestore.Query q = c.orderBy(FieldPath.documentId()).limit(500);
            List<QueryDocumentSnapshot> page = (last == null ? q : q.startAfter(last)).get().get().getDocuments();
            WriteBatch batch = db.batch();
            int writes = 0;
            for (QueryDocumentSnapshot d : page) {
                writes += step.apply(batch, d) ? 1 : 0;
            }
            if (writes > 0) {
                batch.commit().get();
            }
            if (page.size() < 500) {
                return;
            }
            last = page.get(page.size() - 1);
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = FirestoreStore.builder().projectId(FirestoreTestServer.uniqueProjectId("examples"))
                .emulatorHost(FirestoreTestServer.shared().emulatorHost()).build();
        db = store.unwrap(Firestore.class);
        for (int from = 0; from < 1_200; from += 500) {
            WriteBatch seed = db.batch();
            for (int i = from; i < Math.min(1_200, from + 500); i++) {
                seed.set(db.collection("users").document("u" + i), Map.of("email", "u" + i + "@example.com"));
            }
            seed.commit().get();
        }
        db.collection("users").document("admin").set(Map.of("email", "admin@example.com", "role", "admin")).get();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Migrations engine(Migration... migrations) {
        return Migrations.builder().target(store).migrations(migrations).owner("examples-test").build();
    }

    private long count(String role) throws Exception {
        return db.collection("users").whereEqualTo("role", role).count().get().get().getCount();
    }

    @Test
    void theRoleIsBackfilledInBatchesOnceAndUndone() throws Exception {
        Migrations roles = engine(new V1__Backfill_user_role());
        MigrationResult result = roles.migrate();
        assertThat(result.executed()).hasSize(1);
        assertThat(count("user")).isEqualTo(1_200);
        assertThat(db.collection("users").document("admin").get().get().getString("role")).as("roles set before stay").isEqualTo("admin");
        assertThat(store.migrationTarget().history()).extracting(r -> r.version().toString()).containsExactly("1");
        assertThat(engine(new V1__Backfill_user_role()).migrate().executed()).as("second start-up").isEmpty();

        roles.undoTo("0");
        assertThat(count("user")).isZero();
        assertThat(count("admin")).isEqualTo(1);
        assertThat(store.migrationTarget().history()).isEmpty();
    }
}
