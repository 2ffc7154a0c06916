package dev.stratum.store.mongo.internal;

import com.mongodb.client.MongoDatabase;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import java.util.EnumSet;
import java.util.Set;
import org.bson.Document;

/**
 * What the connected server is and therefore can do, detected once from {@code buildInfo} and
 * {@code isMaster}: a real {@code mongod}/{@code mongos} reports a {@code gitVersion}, while the
 * in-process {@code mongo-java-server} (used by tests) reports only a version. The capabilities follow:
 * the emulator has no full-text search, no TTL expiry and no transactions, so it does not declare
 * them and refuses such queries with {@code QueryNotSupportedException} instead of failing late;
 * transactions also need a replica set or a sharded cluster.
 *
 * @param version the server's version string
 * @param emulator whether the server is {@code mongo-java-server} rather than MongoDB
 * @param replicaSet the replica set name, or empty for a standalone server or mongos
 * @param sharded whether the server is a {@code mongos} router
 * @param maxWireVersion the wire protocol version
 */
public record MongoServerProfile(String version, boolean emulator, String replicaSet, boolean sharded, int maxWireVersion) {
    /** MongoDB's BSON document limit. */
    public static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

    /** Asks the server. @throws com.mongodb.MongoException if it cannot be reached */
    public static MongoServerProfile detect(MongoDatabase admin) {
        Document build = admin.runCommand(new Document("buildInfo", 1));
        Document hello = admin.runCommand(new Document("isMaster", 1));
        String version = String.valueOf(build.get("version"));
        boolean emulator = !build.containsKey("gitVersion");
        Object set = hello.get("setName");
        boolean sharded = "isdbgrid".equals(hello.get("msg"));
        Object wire = hello.get("maxWireVersion");
        return new MongoServerProfile(version, emulator, set == null ? "" : set.toString(), sharded,
                wire instanceof Number n ? n.intValue() : 0);
    }

    /** Whether multi-document transactions work: a real replica set (4.0+) or sharded cluster (4.2+). */
    public boolean transactions() {
        return !emulator && ((!replicaSet.isEmpty() && maxWireVersion >= 7) || (sharded && maxWireVersion >= 8));
    }

    /** Whether time-series collections exist (MongoDB 5.0+, not the emulator). */
    public boolean timeSeries() {
        return !emulator && maxWireVersion >= 13;
    }

    /** The capabilities of a store on this server. */
    public Capabilities capabilities(String store) {
        Set<Capability> caps = EnumSet.of(Capability.OR, Capability.NOT, Capability.NOT_EQUAL, Capability.EXISTS,
                Capability.ARRAY_CONTAINS, Capability.STARTS_WITH, Capability.RANGE_ON_MULTIPLE_FIELDS, Capability.UNINDEXED_FIELDS,
                Capability.OFFSET, Capability.PROJECTION, Capability.NATIVE_AGGREGATION, Capability.READ_YOUR_WRITES);
        if (!emulator) {
            caps.add(Capability.TEXT_SEARCH);
            caps.add(Capability.TTL);
        }
        if (transactions()) {
            caps.add(Capability.TRANSACTIONS);
        }
        return new Capabilities(store, caps, MAX_DOCUMENT_BYTES);
    }

    /** A short description for health details and logs. */
    public String describe() {
        String kind = emulator ? "mongo-java-server" : sharded ? "mongos" : replicaSet.isEmpty() ? "mongod standalone" : "mongod replica set " + replicaSet;
        return kind + " " + version;
    }

}
