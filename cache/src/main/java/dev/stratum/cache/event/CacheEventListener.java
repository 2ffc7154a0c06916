package dev.stratum.cache.event;

/**
 * Receives the {@link CacheEvent}s of a caching decorator. Called synchronously on the thread that
 * observed the event (a reader, a writer or the remote cache's subscription thread), so keep it fast;
 * an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface CacheEventListener {

    /** Handles one event. */
    void onEvent(CacheEvent event);
}
