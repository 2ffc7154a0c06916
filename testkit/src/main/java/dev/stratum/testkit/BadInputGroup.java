package dev.stratum.testkit;

import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.gt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import dev.stratum.testkit.internal.Snapshot;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each kind of bad input gets its specific exception, and the collection holds exactly what it held
 * before: queries that could match are run through {@code deleteAll}, so "nothing written" is
 * meaningful for them too.
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class BadInputGroup extends KitGroup {
    private static final long MAX_CHECKED_DOCUMENT_BYTES = 64L << 20;

    private void assertRefusedQuery(Filter f) {
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThat(before.size()).isPositive();
        assertThatThrownBy(() -> tasks().find(Query.where(f))).as("find %s", f).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().count(Query.where(f))).as("count %s", f).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().deleteAll(Query.where(f))).as("deleteAll %s", f).isInstanceOf(InvalidQueryException.class);
        before.assertUnchanged();
    }

    private static <T> void assertRefusedWrite(Snapshot<T> before, Class<? extends Throwable> expected, ThrowingCallable write) {
        assertThatThrownBy(write).isInstanceOf(expected);
        before.assertUnchanged();
    }

    @Test
    void anUnknownFieldInAQueryIsInvalid() {
        seedTasks();
        assertRefusedQuery(eq("nope", 1));
        assertRefusedQuery(eq("status.name", "OPEN"));
        assertRefusedQuery(Filter.and(eq("status", Task.Status.OPEN), eq("Priority", 1)));
        assertThatThrownBy(() -> tasks().find(Query.all().sortBy(Sort.asc("nope")))).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void aDollarPrefixedOrEmptyFieldIsInvalid() {
        seedTasks();
        assertRefusedQuery(eq("$where", "1 == 1"));
        assertRefusedQuery(eq("customFields.$gt", ""));
        assertRefusedQuery(eq("customFields.", "x"));
        assertRefusedQuery(eq("", "x"));
        assertRefusedQuery(Filter.and(eq("status", Task.Status.OPEN), eq("$or", List.of())));
    }

    @Test
    void aValueOfTheWrongTypeIsInvalid() {
        seedTasks();
        assertRefusedQuery(gt("priority", "abc"));
        assertRefusedQuery(eq("priority", "1"));
        assertRefusedQuery(eq("status", "NOT_A_STATUS"));
        assertRefusedQuery(eq("dueDate", "2030-01-01"));
        assertRefusedQuery(gt("estimate", "3"));
        assertRefusedQuery(Filter.in("priority", 1, "two"));
        assertRefusedQuery(gt("tags", "a"));
        // a list field holds whole lists: in/nin with scalar values are refused like eq/ne (use contains)
        assertRefusedQuery(Filter.in("tags", "a", "b"));
        assertRefusedQuery(Filter.nin("tags", "a"));
    }

    @Test
    void illegalMapKeysInAnEntityAreInvalidAndNothingIsWritten() {
        seedAssets();
        Snapshot<Asset> before = Snapshot.of(assets());
        for (String key : List.of("a.b", "$set", "$", ".", "trailing.", "", "nul\0key")) {
            Map<String, Object> data = new HashMap<>();
            data.put("ok", 1);
            data.put(key, 1);
            assertRefusedWrite(before, InvalidEntityException.class, () -> assets().insert(new Asset(50L, "h", null, null, data)));
            assertRefusedWrite(before, InvalidEntityException.class, () -> assets().save(KitData.assets().get(0).withData(data)));
            Map<String, Object> nested = Map.of("level1", Map.of("level2", data));
            assertRefusedWrite(before, InvalidEntityException.class, () -> assets().insert(new Asset(51L, "h", null, null, nested)));
            Map<String, Object> inList = Map.of("list", List.of(Map.of("fine", 1), data));
            assertRefusedWrite(before, InvalidEntityException.class, () -> assets().insert(new Asset(52L, "h", null, null, inList)));
        }
        Snapshot<Task> tasksBefore = Snapshot.of(tasks());
        assertRefusedWrite(tasksBefore, InvalidEntityException.class,
                () -> tasks().insert(Task.create("t", Task.Status.OPEN, 1).withCustomFields(Map.of("a.b", "x"))));
    }

    /**
     * NaN and the infinities are refused, in entities (anywhere in them) and in query values: stores
     * cannot agree on their order and equality (MongoDB never matches NaN in a range, Redis scores
     * -inf like null, the reference ordered NaN last), so the contract keeps them out.
     */
    @Test
    void nanAndInfinityAreInvalidInEntitiesAndQueries() {
        seedTasks();
        allTypes().insert(AllTypes.empty(null).withText("finite"));
        Snapshot<AllTypes> before = Snapshot.of(allTypes());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            AllTypes ratio = new AllTypes(null, "bad ratio", false, 0, 0, bad, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null);
            assertRefusedWrite(before, InvalidEntityException.class, () -> allTypes().insert(ratio));
            assertRefusedWrite(before, InvalidEntityException.class, () -> allTypes().save(ratio));
            Map<String, Object> nested = Map.of("deep", List.of(1, Map.of("x", bad)));
            assertRefusedWrite(before, InvalidEntityException.class, () -> allTypes().insert(AllTypes.empty(null).withAttributes(nested)));
            assertRefusedQuery(gt("estimate", bad));
            assertRefusedQuery(eq("estimate", bad));
            assertRefusedQuery(Filter.in("estimate", 1, bad));
            assertRefusedQuery(Filter.lte("priority", bad));
        }
    }

    @Test
    void aMissingOrEmptyIdIsInvalid() {
        seedAssets();
        seedTasks();
        Snapshot<Asset> assetsBefore = Snapshot.of(assets());
        Snapshot<Task> tasksBefore = Snapshot.of(tasks());
        Asset noId = KitData.assets().get(0).withId(null);
        assertRefusedWrite(assetsBefore, InvalidEntityException.class, () -> assets().insert(noId));
        assertRefusedWrite(assetsBefore, InvalidEntityException.class, () -> assets().save(noId));
        assertRefusedWrite(assetsBefore, InvalidEntityException.class, () -> assets().update(noId));
        assertRefusedWrite(tasksBefore, InvalidEntityException.class, () -> tasks().insert(Task.create("empty id", Task.Status.OPEN, 1).withId("")));
        assertRefusedWrite(tasksBefore, InvalidEntityException.class, () -> tasks().save(Task.create("empty id", Task.Status.OPEN, 1).withId("")));
        assertRefusedWrite(tasksBefore, InvalidEntityException.class, () -> tasks().update(Task.create("no id", Task.Status.OPEN, 1)));
        assertRefusedWrite(tasksBefore, InvalidEntityException.class, () -> tasks().delete(Task.create("no id", Task.Status.OPEN, 1)));
        assertThatThrownBy(() -> tasks().findById("")).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> tasks().deleteById("")).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> assets().findById(null)).isInstanceOf(InvalidEntityException.class);
        tasksBefore.assertUnchanged();
    }

    @Test
    void anOversizedDocumentIsInvalidAndNothingIsWritten() {
        long limit = capabilities().maxDocumentBytes();
        assumeTrue(limit <= MAX_CHECKED_DOCUMENT_BYTES, () -> store() + " accepts documents of " + limit
                + " bytes; the kit builds oversized documents only up to " + MAX_CHECKED_DOCUMENT_BYTES + " bytes");
        seedTasks();
        AllTypes small = allTypes().insert(AllTypes.empty(null).withText("small"));
        Snapshot<AllTypes> before = Snapshot.of(allTypes());
        String huge = KitData.stringOfUtf8Bytes((int) limit + 1);
        assertRefusedWrite(before, InvalidEntityException.class, () -> allTypes().insert(AllTypes.empty(null).withText(huge)));
        assertRefusedWrite(before, InvalidEntityException.class, () -> allTypes().save(small.withText(huge)));
        Snapshot<Task> tasksBefore = Snapshot.of(tasks());
        assertRefusedWrite(tasksBefore, InvalidEntityException.class, () -> tasks().insert(Task.create(huge, Task.Status.OPEN, 1)));
    }

    @Test
    void aDuplicateInsertIsADuplicateKey() {
        seedTasks();
        Snapshot<Task> before = Snapshot.of(tasks());
        assertRefusedWrite(before, DuplicateKeyException.class, () -> tasks().insert(Task.create("again", Task.Status.DONE, 1).withId("t1")));
        seedUsers();
        Snapshot<User> users = Snapshot.of(users());
        assertRefusedWrite(users, DuplicateKeyException.class,
                () -> users().insert(KitData.user("u1", "Imposter", "imposter@example.com", User.Role.ADMIN, null)));
    }

    @Test
    void aUniqueIndexClashIsADuplicateKeyOnEveryKindOfWrite() {
        seedUsers();
        Snapshot<User> before = Snapshot.of(users());
        User clash = KitData.user("u9", "Ann's twin", "ann@example.com", User.Role.GUEST, LocalDate.of(2022, 2, 2));
        assertRefusedWrite(before, DuplicateKeyException.class, () -> users().insert(clash));
        assertRefusedWrite(before, DuplicateKeyException.class, () -> users().save(clash));
        User bob = users().findById("u2").orElseThrow();
        bob.setEmail("ann@example.com");
        assertRefusedWrite(before, DuplicateKeyException.class, () -> users().update(bob));
        assertRefusedWrite(before, DuplicateKeyException.class, () -> users().save(bob));
    }

    @Test
    void aUniqueValueIsFreedWhenItsHolderChangesOrGoes() {
        seedUsers();
        User ann = users().findById("u1").orElseThrow();
        ann.setName("Ann renamed");
        users().update(ann); // keeping one's own unique value is no clash

        ann.setEmail("ann.new@example.com");
        users().update(ann);
        users().insert(KitData.user("u5", "Another Ann", "ann@example.com", User.Role.MEMBER, null));

        users().deleteById("u2");
        users().insert(KitData.user("u6", "New Bob", "bob@example.com", User.Role.MEMBER, null));

        assertThat(users().count(Query.all())).isEqualTo(5);
        assertThat(userIds(users().find(Query.where(eq("email", "ann@example.com"))))).containsExactly("u5");
        assertThat(userIds(users().find(Query.where(eq("email", "bob@example.com"))))).containsExactly("u6");
        assertThat(userIds(users().find(Query.where(eq("email", "ann.new@example.com"))))).containsExactly("u1");
    }

    @Test
    void aNullEntityIsInvalid() {
        assertThatThrownBy(() -> allTypes().insert(null)).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> allTypes().save(null)).isInstanceOf(InvalidEntityException.class);
        assertThat(allTypes().count(Query.all())).isZero();
        assertThat(allTypes().findById(UUID.randomUUID())).isEmpty();
    }
}
