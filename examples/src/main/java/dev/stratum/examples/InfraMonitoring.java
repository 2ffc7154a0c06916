package dev.stratum.examples;

import dev.stratum.api.Aggregation;
import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The data layer of an infrastructure-monitoring service: assets (servers, racks) and a time series of
 * metrics with the indexes such a schema needs, a bulk load in batches with a progress line, the hourly
 * average per asset through the portable aggregation, and keyset paging through one asset's time range.
 *
 * <pre>./mvnw -B -q -Pinfra-monitoring -DskipTests -pl examples -am verify                       # MongoDB, embedded
 * ./mvnw -B -q -Pinfra-monitoring -DskipTests -pl examples -am verify -Dexec.args="redis 20000"  # store, metric count</pre>
 *
 * Stores are opened by {@link ExampleStores} (an embedded server unless the store's URI variable is set).
 */
public final class InfraMonitoring {
    /** Metrics written per {@code saveAll} call. */
    public static final int BATCH = 1_000;
    private static final int ASSETS = 20;
    private static final String[] NAMES = {"cpu", "memory", "disk"};

    private InfraMonitoring() {}

    /** A monitored thing: indexed by type, by parent (sparse: racks have none) and by last update, newest first. */
    @Entity("assets")
    public record Asset(@Id String id, @Indexed String type, @Indexed(sparse = true) @Nullable String parentId, String name,
            @Indexed(order = Indexed.Order.DESC) Instant lastUpdated) {}

    /** One sample: a compound index for "one asset's range", retention by a TTL on the time stamp (30 days). */
    @Entity("metrics")
    @CompoundIndex(fields = {"assetId", "ts"})
    public record Metric(@Id String id, String assetId, String name, @Indexed(ttlSeconds = 30L * 24 * 3600) Instant ts, double value) {}

    /** One row of the hourly aggregation. */
    public record HourlyAverage(String assetId, Instant hour, double avg, long samples) {}

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "mongodb";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        try (ExampleStores.Opened opened = ExampleStores.open(kind, "monitoring")) {
            opened.store().repository(Metric.class).deleteAll(Query.all());
            opened.store().repository(Asset.class).deleteAll(Query.all());
            run(opened.store(), System.out, count, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6)));
        }
    }

    /**
     * Writes {@code ASSETS} assets and {@code count} metrics from {@code start} on (one per asset every few
     * seconds), then reads them back three ways, printing to {@code out}.
     */
    public static void run(Store store, PrintStream out, int count, Instant start) {
        Repository<Asset, String> assets = store.repository(Asset.class);
        Repository<Metric, String> metrics = store.repository(Metric.class);
        out.println("infrastructure monitoring on " + store.name());

        List<Asset> all = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            all.add(new Asset("rack-" + r, "rack", null, "Rack " + r, start));
        }
        for (int i = 0; i < ASSETS - 2; i++) {
            all.add(new Asset("server-" + i, "server", "rack-" + (i % 2), "Server " + i, start));
        }
        assets.saveAll(all).throwIfFailed();
        out.println("assets: " + assets.count(Query.where(Filter.eq("type", "server"))) + " servers in "
                + assets.count(Query.where(Filter.eq("type", "rack"))) + " racks");

        // the bulk load: batches of 1,000, a progress line every 10 batches
        long began = System.nanoTime();
        List<Metric> batch = new ArrayList<>(BATCH);
        int perAsset = (count + ASSETS - 1) / ASSETS;
        long stepSeconds = Math.max(1, 6 * 3600L / perAsset);
        for (int i = 0; i < count; i++) {
            int asset = i % ASSETS;
            int n = i / ASSETS;
            String assetId = asset < 2 ? "rack-" + asset : "server-" + (asset - 2);
            batch.add(new Metric(assetId + "-" + n, assetId, NAMES[n % NAMES.length], start.plusSeconds(n * stepSeconds), 10 + (i % 97) * 0.5));
            if (batch.size() == BATCH || i == count - 1) {
                metrics.saveAll(batch).throwIfFailed();
                batch = new ArrayList<>(BATCH);
                if ((i + 1) % (10 * BATCH) == 0 || i == count - 1) {
                    double seconds = (System.nanoTime() - began) / 1e9;
                    out.printf(Locale.ROOT, "written %,d / %,d metrics (%.0f/s)%n", i + 1, count, (i + 1) / Math.max(seconds, 1e-3));
                }
            }
        }

        // hourly average per asset, through the portable aggregation ($group on MongoDB, a stream elsewhere)
        List<HourlyAverage> hourly = metrics.aggregate(Aggregation.where(Filter.gte("ts", start))
                .groupBy("assetId").groupBy("ts", Aggregation.TimeBucket.HOUR, "hour").avg("value", "avg").count("samples"),
                HourlyAverage.class);
        out.println("hourly rows: " + hourly.size());
        hourly.stream().limit(3).forEach(h -> out.printf(Locale.ROOT, "hourly: %s %s avg %.2f (%d samples)%n", h.assetId(), h.hour(), h.avg(), h.samples()));

        // keyset paging through one asset's range (the compound index serves it)
        Query range = Query.where(Filter.and(Filter.eq("assetId", "server-0"), Filter.gte("ts", start),
                Filter.lt("ts", start.plus(Duration.ofHours(3))))).sortBy(Sort.asc("ts"));
        Page<Metric> page = metrics.page(range, PageRequest.first(500));
        int pages = 1;
        long seen = page.items().size();
        Instant last = page.items().isEmpty() ? start : page.items().get(page.items().size() - 1).ts();
        while (page.next().isPresent()) {
            page = metrics.page(range, page.next().get());
            pages++;
            seen += page.items().size();
            if (!page.items().isEmpty()) {
                last = page.items().get(page.items().size() - 1).ts();
            }
        }
        out.println("server-0, first 3 hours: " + seen + " metrics in " + pages + " pages, last at " + last);
    }
}
