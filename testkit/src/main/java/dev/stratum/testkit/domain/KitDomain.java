package dev.stratum.testkit.domain;

import java.util.List;

/** The entity types of the kit's domain, one per collection. */
public final class KitDomain {
    private KitDomain() {}

    /**
     * One entity type per collection the kit writes, in a stable order. ({@link LegacyAsset} shares
     * {@link Asset}'s collection and is not listed.) The kit resets each before every test.
     */
    public static List<Class<?>> entityTypes() {
        return List.of(User.class, Task.class, Asset.class, Metric.class, AllTypes.class, Counter.class, Session.class, FuzzRecord.class,
                Member.class, Reading.class);
    }
}
