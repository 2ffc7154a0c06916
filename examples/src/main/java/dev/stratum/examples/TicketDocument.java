package dev.stratum.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.util.List;

/**
 * The search copy of a {@link Ticket}: title and body analysed for full-text search
 * ({@code @Indexed(text = true)}), status and tags as exact filters, and the version of the source
 * document it was made from, so a reconciliation can tell a stale copy from a current one. It has no
 * {@code @Version} of its own: MongoDB owns the optimistic locking, the search store only follows.
 */
@Entity("ticket_search")
public record TicketDocument(
        @Id String id,
        @Indexed(text = true) String title,
        @Indexed(text = true) String body,
        @Indexed Ticket.Status status,
        @Indexed List<String> tags,
        long sourceVersion) {

    /** The search copy of a stored ticket (its id and version set). */
    public static TicketDocument of(Ticket t) {
        if (t.id() == null) {
            throw new IllegalArgumentException("only stored tickets are indexed: " + t);
        }
        return new TicketDocument(t.id(), t.title(), t.body(), t.status(), t.tags(), t.version());
    }
}
