package dev.stratum.testkit.domain;

import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A monitored piece of infrastructure: a record with an application-assigned {@code Long} id (a CMDB
 * number), a nested record ({@code location}) and a free-form nested map ({@code data}) whose keys
 * differ from asset to asset, so that some assets hold {@code data.cpu}, some hold it as null and
 * some lack it: the kit's null-versus-absent checks run on it.
 *
 * <p>The nested paths the kit queries are indexed through single-field {@link CompoundIndex}es, the
 * only way to index a path below the top level.
 *
 * @param id the CMDB number, set by the application (never assigned by the store)
 * @param hostname host name, used by the prefix and string-sort checks
 * @param kind what it is
 * @param location where it is
 * @param data measured facts (cpu load, memory, ...); keys and value types vary
 */
@Entity("kit_assets")
@CompoundIndex(name = "asset_region", fields = "location.region")
@CompoundIndex(name = "asset_cpu", fields = "data.cpu")
public record Asset(
        @Id @Nullable Long id,
        @Indexed @Nullable String hostname,
        @Indexed @Nullable Kind kind,
        @Nullable Location location,
        @Nullable Map<String, Object> data) {

    /** Kinds of asset. */
    public enum Kind { SERVER, SWITCH, STORAGE, VM }

    /**
     * Where an asset is racked.
     *
     * @param region cloud or data-centre region
     * @param rack rack label
     * @param unit height unit in the rack
     */
    public record Location(String region, String rack, int unit) {}

    /** This asset with another {@code data} map. */
    public Asset withData(@Nullable Map<String, Object> data) {
        return new Asset(id, hostname, kind, location, data);
    }

    /** This asset with another id. */
    public Asset withId(@Nullable Long id) {
        return new Asset(id, hostname, kind, location, data);
    }
}
