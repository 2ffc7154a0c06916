package dev.stratum.store.firestore.fault;

import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.FaultScenarios;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import java.time.Duration;

/**
 * The fault scenarios on the shared Firestore test server (the in-process gRPC server unless
 * {@code FIRESTORE_EMULATOR_HOST} names an emulator) through a fault proxy; scenario 3 takes the server down at
 * the proxy, and the report says so. Scenario 4 holds because plain commits go through a client that does not retry
 * them, and a commit whose answer was lost is reported as {@code WriteOutcomeUnknownException}
 * ({@code FirestoreErrors.write}).
 */
class FirestoreFaultScenariosTest extends FaultScenarios {
    /** 2 s: counting 10,000 documents on the in-process server takes about a second on a loaded machine. */
    @Override
    protected Duration operationTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected String storeName() {
        return "firestore";
    }

    @Override
    protected FaultProxy startProxy() {
        return FirestoreTestServer.shared().startFaultProxy();
    }

    /**
     * The store, past its first contact: on a loaded machine the first gRPC connection through the proxy can take
     * longer than the scenario's 2 s request deadline, and the scenarios test faults after connecting, not the
     * first contact (FirestoreFailFastTest does). Tries for up to 30 s.
     */
    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        FirestoreStore store = FirestoreStore.builder().projectId(FirestoreTestServer.uniqueProjectId("fault"))
                .emulatorHost(FirestoreTestServer.shared().emulatorHostThrough(proxy)).requestTimeout(timeout).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                store.repository(Parcel.class);
                return store;
            } catch (StoreUnavailableException | StoreTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    store.close();
                    throw e;
                }
            }
        }
    }
}
