package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * A versioned counter that remembers the ids of its last increments, so a writer whose acknowledgement was
 * lost can tell by reading whether its increment was applied (an idempotency key, the way a caller reconciles
 * a {@link dev.stratum.api.WriteOutcomeUnknownException}).
 *
 * @param id the id
 * @param value the count
 * @param version optimistic-lock version
 * @param recentOps ids of the last increments applied, newest last (at most {@link #REMEMBERED})
 */
@Entity("rel_ledgers")
public record Ledger(@Id String id, long value, @Version long version, List<String> recentOps) {
    /** How many increment ids a ledger remembers. */
    public static final int REMEMBERED = 64;

    public Ledger {
        recentOps = List.copyOf(recentOps);
    }

    /** This ledger plus one, remembering {@code opId} (same version: the repository increments it on write). */
    public Ledger increment(String opId) {
        List<String> ops = new ArrayList<>(recentOps);
        ops.add(opId);
        while (ops.size() > REMEMBERED) {
            ops.remove(0);
        }
        return new Ledger(id, value + 1, version, ops);
    }
}
