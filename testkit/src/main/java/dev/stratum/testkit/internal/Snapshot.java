package dev.stratum.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.EntityMapper;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole content of a collection at one moment, to prove that a refused call wrote nothing.
 *
 * <pre>{@code
 * Snapshot<Task> before = Snapshot.of(tasks);
 * assertThatThrownBy(() -> tasks.insert(bad)).isInstanceOf(InvalidEntityException.class);
 * before.assertUnchanged();
 * }</pre>
 *
 * @param <T> entity type
 */
public final class Snapshot<T> {
    private final Repository<T, ?> repository;
    private final Map<String, T> content;

    private Snapshot(Repository<T, ?> repository, Map<String, T> content) {
        this.repository = repository;
        this.content = content;
    }

    /** Reads every entity of the repository's collection. */
    public static <T> Snapshot<T> of(Repository<T, ?> repository) {
        return new Snapshot<>(repository, read(repository));
    }

    private static <T> Map<String, T> read(Repository<T, ?> repository) {
        Map<String, T> out = new TreeMap<>();
        String idProperty = repository.metadata().idProperty();
        for (T e : repository.find(Query.all())) {
            out.put(String.valueOf(EntityMapper.defaults().toDocument(e).get(idProperty)), e);
        }
        return out;
    }

    /** How many entities the collection held. */
    public int size() {
        return content.size();
    }

    /** Asserts the collection holds exactly what it held when this snapshot was taken. */
    public void assertUnchanged() {
        Map<String, T> now = read(repository);
        assertThat(now.keySet()).as("ids in %s", repository.metadata().collection()).containsExactlyElementsOf(content.keySet());
        assertThat(now).as("content of %s", repository.metadata().collection())
                .usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(content);
    }
}
