package dev.stratum.migrations.internal;

import dev.stratum.migrations.event.MigrationListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener; a listener's exception is logged and never fails the run. */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private final List<MigrationListener> listeners;

    Listeners(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(Consumer<MigrationListener> event) {
        for (MigrationListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("migration listener {} threw; ignored", l.getClass().getName(), e);
            }
        }
    }
}
