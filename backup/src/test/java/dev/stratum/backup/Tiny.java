package dev.stratum.backup;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Version;

/**
 * A small versioned document for the volume test.
 *
 * @param id id
 * @param name a name
 * @param n an indexed number
 * @param version version
 */
@Entity("backup_tiny")
public record Tiny(@Id String id, String name, @Indexed int n, @Version long version) {}
