package dev.stratum.store.mongo;

import dev.stratum.api.ConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * An index an entity declares cannot be created because the collection already holds a different
 * index with the same name or the same keys (e.g. {@code email_1} exists without {@code unique}).
 * Nothing is changed: drop or rename one of the two. The message shows both definitions.
 *
 * <pre>{@code
 * try {
 *     store.ensureIndexes(User.class);
 * } catch (MongoIndexConflictException e) {
 *     log.error("fix the index of {}: declared {} but found {}", e.collection(), e.declared(), e.existing());
 * }
 * }</pre>
 */
public class MongoIndexConflictException extends ConfigurationException {
    private static final long serialVersionUID = 1L;
    private final String collection;
    private final String declared;
    private final String existing;

    public MongoIndexConflictException(String collection, String declared, String existing, @Nullable Throwable cause) {
        super("index conflict on collection '" + collection + "': the entity declares " + declared + " but the collection has "
                + existing + "; drop the existing index or change the declaration (nothing was changed)", cause);
        this.collection = collection;
        this.declared = declared;
        this.existing = existing;
    }

    /** The collection holding the conflicting index. */
    public String collection() {
        return collection;
    }

    /** The declared index, as MongoDB would show it ({@code {name: …, key: …, unique: …}}). */
    public String declared() {
        return declared;
    }

    /** The existing index (or the server's description of the conflict). */
    public String existing() {
        return existing;
    }
}
