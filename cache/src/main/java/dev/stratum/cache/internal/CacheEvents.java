package dev.stratum.cache.internal;

import dev.stratum.cache.event.CacheEvent;
import dev.stratum.cache.event.CacheEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to the configured listener, logging and swallowing what it throws. */
public final class CacheEvents {
    private static final Logger LOG = LoggerFactory.getLogger("dev.stratum.cache");
    private final CacheEventListener listener;

    public CacheEvents(CacheEventListener listener) {
        this.listener = listener;
    }

    /** Sends one event. */
    public void emit(CacheEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("cache event listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }
}
