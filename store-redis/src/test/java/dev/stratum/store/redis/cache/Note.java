package dev.stratum.store.redis.cache;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Version;

/** The cache tests' entity. */
@Entity("cache_notes")
public record Note(@Id String id, String text, @Version long version) {
    Note withText(String t) {
        return new Note(id, t, version);
    }
}
