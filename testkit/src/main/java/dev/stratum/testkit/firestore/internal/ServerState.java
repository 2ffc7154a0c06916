package dev.stratum.testkit.firestore.internal;

/** The server's documents and transactions, shared by its request handlers. */
final class ServerState {
    final DocumentStore store = new DocumentStore();
    final Transactions transactions = new Transactions();

    void reset() {
        transactions.clear();
        store.clear();
    }
}
