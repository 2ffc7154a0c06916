package dev.stratum.store.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.spi.MigrationRecordMaps;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Migration history and lock on Redis, all keys under one hash tag ({@code {prefix:__migrations}:…}):
 *
 * <ul>
 *   <li>{@code history} — a hash of version → record (JSON);
 *   <li>{@code lock} — taken with {@code SET NX PX} (so it lapses by itself when its holder dies);
 *   <li>{@code fence} — {@code INCR}ed on every acquisition: the lease's fencing token;
 *   <li>{@code lease} — the current lease (owner, token, expiry), kept after expiry until it is released
 *       or taken over.
 * </ul>
 *
 * Renewal, release and history writes run in one Lua script that first checks that the caller's owner
 * and token are still the current lease; a runner whose lease was taken over gets
 * {@link LeaseLostException} and writes nothing.
 */
public final class RedisMigrationTarget implements MigrationTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final RedisConnector connector;
    private final RedisScripts scripts;
    private final String[] keys;
    private final String history;

    public RedisMigrationTarget(Store store, RedisConnector connector, RedisScripts scripts) {
        this.store = store;
        this.connector = connector;
        this.scripts = scripts;
        String prefix = connector.config().keyPrefix();
        String base = "{" + (prefix.isEmpty() ? "" : prefix + ":") + "__migrations}:";
        this.history = base + "history";
        this.keys = new String[] {base + "lock", base + "fence", base + "lease", history};
    }

    @Override
    public Store store() {
        return store;
    }

    @SuppressWarnings("TypeParameterUnusedInFormals") // as Lettuce's evalsha: the output type decides T
    private <T> T run(ScriptOutputType type, String operation, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = RedisScripts.bytes(args[i]);
        }
        try {
            return scripts.run(RedisScripts.Script.MIGRATION, type, keys, bytes);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "migration " + operation, connector.server());
        }
    }

    @Override
    public List<MigrationRecord> history() {
        Map<String, byte[]> all;
        try {
            all = connector.sync().hgetall(history);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "migration history", connector.server());
        }
        List<MigrationRecord> out = new ArrayList<>();
        for (byte[] json : all.values()) {
            out.add(decode(json));
        }
        out.sort(Comparator.comparing(MigrationRecord::version));
        return out;
    }

    @Override
    public void writeRecord(Lease lease, MigrationRecord record) {
        List<Object> reply = run(ScriptOutputType.MULTI, "writeRecord", "write", lease.owner(), Long.toString(lease.token()),
                record.version().toString(), encode(record));
        checkNotLost(reply, lease, "write the history of " + record.version());
    }

    @Override
    public void deleteRecord(Lease lease, MigrationVersion version) {
        List<Object> reply = run(ScriptOutputType.MULTI, "deleteRecord", "delete", lease.owner(), Long.toString(lease.token()),
                version.toString());
        checkNotLost(reply, lease, "delete the history of " + version);
    }

    private static void checkNotLost(List<Object> reply, Lease lease, String action) {
        if ("OK".equals(text(reply.get(0)))) {
            return;
        }
        String owner = text(reply.get(1));
        throw new LeaseLostException("owner '" + lease.owner() + "' (token " + lease.token() + ") cannot " + action
                + ": the migration lock is now " + (owner.isEmpty() ? "free" : "held by '" + owner + "' (token " + text(reply.get(2))
                        + ", expires " + Instant.ofEpochMilli(Long.parseLong(text(reply.get(3)))) + ")"));
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        List<Object> reply = run(ScriptOutputType.MULTI, "tryAcquire", "acquire", owner, Long.toString(millis(leaseTime)));
        return lease(owner, reply);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        List<Object> reply = run(ScriptOutputType.MULTI, "renew", "renew", lease.owner(), Long.toString(lease.token()),
                Long.toString(millis(leaseTime)));
        return lease(lease.owner(), reply);
    }

    @Override
    public void release(Lease lease) {
        run(ScriptOutputType.STATUS, "release", "release", lease.owner(), Long.toString(lease.token()));
    }

    @Override
    public Optional<Lease> currentLease() {
        List<Object> reply = run(ScriptOutputType.MULTI, "currentLease", "current");
        if (reply == null || reply.isEmpty() || reply.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Lease(text(reply.get(0)), Long.parseLong(text(reply.get(1))),
                Instant.ofEpochMilli(Long.parseLong(text(reply.get(2))))));
    }

    private static Optional<Lease> lease(String owner, List<Object> reply) {
        if (reply == null || reply.isEmpty() || reply.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Lease(owner, Long.parseLong(text(reply.get(0))), Instant.ofEpochMilli(Long.parseLong(text(reply.get(1))))));
    }

    private static long millis(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("lease time must be > 0, was " + d);
        }
        return Math.max(1, d.toMillis());
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static String encode(MigrationRecord r) {
        try {
            return JSON.writeValueAsString(MigrationRecordMaps.toMap(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MigrationRecord decode(byte[] json) {
        try {
            return MigrationRecordMaps.fromMap(JSON.readValue(json, Map.class));
        } catch (IOException | RuntimeException e) {
            throw new MigrationException("unreadable migration history record on Redis: " + e.getMessage(), e);
        }
    }
}
