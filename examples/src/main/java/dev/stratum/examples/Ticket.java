package dev.stratum.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The search example's system-of-record entity: a support ticket kept in MongoDB. The search copy is
 * {@link TicketDocument}, a separate shape made for Elasticsearch.
 */
@Entity("tickets")
public record Ticket(
        @Id @Nullable String id,
        String title,
        String body,
        @Indexed Status status,
        List<String> tags,
        @Version long version) {

    /** Workflow states. */
    public enum Status { OPEN, CLOSED }

    public static Ticket open(String id, String title, String body, String... tags) {
        return new Ticket(id, title, body, Status.OPEN, List.of(tags), 0);
    }

    public Ticket closed() {
        return new Ticket(id, title, body, Status.CLOSED, tags, version);
    }
}
