package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Version;

/**
 * A named counter (page views, a rate-limit bucket) updated by many writers at once; the kit's
 * concurrency check increments it from several threads. Its version is an {@code int}, so the kit
 * covers both version types ({@link Task} has a {@code long} one).
 *
 * @param name the id
 * @param value the count
 * @param version optimistic-lock version
 */
@Entity("kit_counters")
public record Counter(@Id String name, long value, @Version int version) {

    /** This counter plus one (same version: the repository increments it on write). */
    public Counter increment() {
        return new Counter(name, value + 1, version);
    }
}
