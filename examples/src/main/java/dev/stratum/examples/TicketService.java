package dev.stratum.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The application's data layer in the search example: MongoDB is the system of record, Elasticsearch
 * holds a search copy that the application keeps in step. Every write goes to MongoDB first (where the
 * version check happens) and then to the search store; a crash between the two leaves the copy behind,
 * which {@link #reconcile()} repairs (run it at start-up or on a schedule). Reads by id go to MongoDB;
 * full-text search goes to Elasticsearch, ranked by relevance.
 */
public final class TicketService {
    private static final int BATCH = 500;

    private final Repository<Ticket, String> tickets;
    private final Repository<TicketDocument, String> search;

    public TicketService(Store source, Store searchStore) {
        this.tickets = source.repository(Ticket.class);
        this.search = searchStore.repository(TicketDocument.class);
    }

    /** The system of record. */
    public Repository<Ticket, String> tickets() {
        return tickets;
    }

    /** The search copies. */
    public Repository<TicketDocument, String> searchCopies() {
        return search;
    }

    /** Stores new tickets and indexes them. */
    public List<Ticket> createAll(List<Ticket> newTickets) {
        List<Ticket> stored = new ArrayList<>(newTickets.size());
        for (int i = 0; i < newTickets.size(); i += BATCH) {
            List<Ticket> batch = newTickets.subList(i, Math.min(newTickets.size(), i + BATCH));
            List<Ticket> saved = tickets.saveAll(batch).throwIfFailed().saved();
            search.saveAll(saved.stream().map(TicketDocument::of).toList()).throwIfFailed();
            stored.addAll(saved);
        }
        return stored;
    }

    /** Updates a ticket (optimistically locked in MongoDB) and its search copy. */
    public Ticket update(Ticket changed) {
        Ticket saved = tickets.update(changed);
        search.save(TicketDocument.of(saved));
        return saved;
    }

    /** Deletes a ticket and its search copy. */
    public void delete(String id) {
        tickets.deleteById(id);
        search.deleteById(id);
    }

    /** Full-text search over title and body, best match first, optionally only open tickets. */
    public List<TicketDocument> search(String text, boolean openOnly, int limit) {
        Query q = Query.text(text).limit(limit);
        if (openOnly) {
            q = q.and(Filter.eq("status", Ticket.Status.OPEN));
        }
        return search.find(q);
    }

    /** What {@link #reconcile()} changed. */
    public record Reconciliation(long checked, long reindexed, long removed) {}

    /**
     * Brings the search copies in step with MongoDB: walks the tickets in id order (bounded memory),
     * re-indexes every one whose copy is missing or made from another version, and removes copies whose
     * ticket is gone.
     */
    public Reconciliation reconcile() {
        long checked = 0;
        long reindexed = 0;
        try (Stream<Ticket> all = tickets.stream(Query.all().sortBy(Sort.asc("id")))) {
            List<Ticket> batch = new ArrayList<>(BATCH);
            for (Ticket t : (Iterable<Ticket>) all::iterator) {
                batch.add(t);
                if (batch.size() == BATCH) {
                    reindexed += reconcile(batch);
                    checked += batch.size();
                    batch.clear();
                }
            }
            reindexed += reconcile(batch);
            checked += batch.size();
        }
        long removed = 0;
        try (Stream<TicketDocument> copies = search.stream(Query.all().sortBy(Sort.asc("id")))) {
            List<String> ids = new ArrayList<>(BATCH);
            for (TicketDocument d : (Iterable<TicketDocument>) copies::iterator) {
                ids.add(d.id());
                if (ids.size() == BATCH) {
                    removed += removeOrphans(ids);
                    ids.clear();
                }
            }
            removed += removeOrphans(ids);
        }
        return new Reconciliation(checked, reindexed, removed);
    }

    private long reconcile(List<Ticket> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, TicketDocument> copies = search.findAllById(batch.stream().map(Ticket::id).toList()).stream()
                .collect(Collectors.toMap(TicketDocument::id, Function.identity()));
        List<TicketDocument> stale = new ArrayList<>();
        for (Ticket t : batch) {
            TicketDocument copy = copies.get(t.id());
            if (copy == null || copy.sourceVersion() != t.version()) {
                stale.add(TicketDocument.of(t));
            }
        }
        if (!stale.isEmpty()) {
            search.saveAll(stale).throwIfFailed();
        }
        return stale.size();
    }

    private long removeOrphans(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> live = new HashSet<>();
        tickets.findAllById(ids).forEach(t -> live.add(t.id()));
        long removed = 0;
        for (String id : ids) {
            if (!live.contains(id)) {
                search.deleteById(id);
                removed++;
            }
        }
        return removed;
    }

    /** The search copy of one ticket, if indexed. */
    public Optional<TicketDocument> copyOf(String id) {
        return search.findById(id);
    }
}
