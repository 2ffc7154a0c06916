package dev.stratum.testkit.fault;

/** Which way bytes travel through a {@link FaultProxy}. */
public enum Direction {
    /** From the client (the store's driver) to the server: requests. */
    CLIENT_TO_SERVER,
    /** From the server to the client: replies. */
    SERVER_TO_CLIENT,
    /** Either way: the first bytes counted in any direction. */
    ANY
}
