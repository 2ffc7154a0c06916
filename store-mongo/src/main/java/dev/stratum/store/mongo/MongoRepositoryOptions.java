package dev.stratum.store.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import dev.stratum.api.ConfigurationException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one entity's repository that differ from the store's, given to
 * {@link MongoStoreConfig.Builder#repository(Class, MongoRepositoryOptions)}. Anything left unset
 * falls back to the store's setting.
 *
 * <pre>{@code
 * MongoStore store = MongoStore.builder()
 *         .uri("mongodb://db1,db2,db3/tracker?replicaSet=rs0")
 *         .writeConcern(WriteConcern.W1)
 *         .repository(AuditEvent.class, MongoRepositoryOptions.builder()
 *                 .writeConcern(WriteConcern.MAJORITY.withJournal(true))
 *                 .readPreference(ReadPreference.primary())
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>The options are part of the store's immutable configuration, so {@code store.repository(type)}
 * keeps returning one cached repository per type.
 */
public final class MongoRepositoryOptions {
    private static final MongoRepositoryOptions NONE = builder().build();

    private final @Nullable WriteConcern writeConcern;
    private final @Nullable ReadPreference readPreference;
    private final @Nullable ReadConcern readConcern;
    private final @Nullable String collection;
    private final int streamBatchSize;
    private final int bulkBatchSize;

    private MongoRepositoryOptions(Builder b) {
        this.writeConcern = b.writeConcern;
        this.readPreference = b.readPreference;
        this.readConcern = b.readConcern;
        this.collection = b.collection;
        this.streamBatchSize = b.streamBatchSize;
        this.bulkBatchSize = b.bulkBatchSize;
    }

    /** Options that override nothing. */
    public static MongoRepositoryOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The write concern of this entity's writes, if it differs from the store's. */
    public Optional<WriteConcern> writeConcern() {
        return Optional.ofNullable(writeConcern);
    }

    /** The read preference of this entity's reads, if it differs from the store's. */
    public Optional<ReadPreference> readPreference() {
        return Optional.ofNullable(readPreference);
    }

    /** The read concern of this entity's reads, if it differs from the store's. */
    public Optional<ReadConcern> readConcern() {
        return Optional.ofNullable(readConcern);
    }

    /** The collection name, if it differs from the entity's {@code @Entity} name. */
    public Optional<String> collection() {
        return Optional.ofNullable(collection);
    }

    /** Documents per cursor batch of {@code stream}/{@code find}; 0 means the store's setting. */
    public int streamBatchSize() {
        return streamBatchSize;
    }

    /** Writes per bulk request of {@code saveAll}; 0 means the store's setting. */
    public int bulkBatchSize() {
        return bulkBatchSize;
    }

    @Override
    public String toString() {
        return "MongoRepositoryOptions[writeConcern=" + writeConcern + ", readPreference=" + readPreference + ", readConcern="
                + (readConcern == null ? null : readConcern.asDocument().toJson()) + ", collection=" + collection + ", streamBatchSize="
                + streamBatchSize + ", bulkBatchSize=" + bulkBatchSize + "]";
    }

    /** Builder of {@link MongoRepositoryOptions}; validated at {@link #build()}. */
    public static final class Builder {
        private @Nullable WriteConcern writeConcern;
        private @Nullable ReadPreference readPreference;
        private @Nullable ReadConcern readConcern;
        private @Nullable String collection;
        private int streamBatchSize;
        private int bulkBatchSize;

        private Builder() {}

        /** The write concern of this entity's writes, e.g. {@code WriteConcern.MAJORITY}. */
        public Builder writeConcern(WriteConcern writeConcern) {
            this.writeConcern = Objects.requireNonNull(writeConcern, "writeConcern");
            return this;
        }

        /** The read preference of this entity's reads, e.g. {@code ReadPreference.secondaryPreferred()}. */
        public Builder readPreference(ReadPreference readPreference) {
            this.readPreference = Objects.requireNonNull(readPreference, "readPreference");
            return this;
        }

        /** The read concern of this entity's reads, e.g. {@code ReadConcern.MAJORITY}. */
        public Builder readConcern(ReadConcern readConcern) {
            this.readConcern = Objects.requireNonNull(readConcern, "readConcern");
            return this;
        }

        /** Store this entity in another collection than its {@code @Entity} name. */
        public Builder collection(String collection) {
            this.collection = Objects.requireNonNull(collection, "collection");
            return this;
        }

        /** Documents per cursor batch (bounded memory of streams). */
        public Builder streamBatchSize(int size) {
            this.streamBatchSize = size;
            return this;
        }

        /** Writes per bulk request of {@code saveAll}. */
        public Builder bulkBatchSize(int size) {
            this.bulkBatchSize = size;
            return this;
        }

        /** Builds the options. @throws ConfigurationException naming the bad setting */
        public MongoRepositoryOptions build() {
            if (streamBatchSize < 0) {
                throw new ConfigurationException("streamBatchSize must be > 0, was " + streamBatchSize);
            }
            if (bulkBatchSize < 0) {
                throw new ConfigurationException("bulkBatchSize must be > 0, was " + bulkBatchSize);
            }
            if (collection != null && (collection.isBlank() || collection.startsWith("system.") || collection.indexOf('$') >= 0
                    || collection.indexOf('\0') >= 0)) {
                throw new ConfigurationException("invalid collection name '" + collection.replace('\0', '?')
                        + "': it must be non-empty, must not start with 'system.' and must hold no '$' or NUL");
            }
            return new MongoRepositoryOptions(this);
        }
    }
}
