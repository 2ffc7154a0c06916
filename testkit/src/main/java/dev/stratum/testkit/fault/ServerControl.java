package dev.stratum.testkit.fault;

/**
 * Kills and restarts the server a {@link FaultScenarios} run talks to (scenario 3). A store whose test server
 * cannot be killed here uses {@link #through(FaultProxy)}, which makes the server unreachable at the proxy
 * (port closed, connections reset) — a client cannot tell the difference, but the server's durability is
 * then not exercised, and the report says so.
 */
public interface ServerControl {
    /** Stops the server abruptly (SIGKILL for a process). */
    void kill();

    /** Starts it again on the same address, with the same data directory where there is one. */
    void restart();

    /** What {@link #kill()} really does and the durability settings in force, for the report. */
    String description();

    /** A server "killed" at the proxy: {@link FaultProxy#down()}, and {@link FaultProxy#heal()} to restart. */
    static ServerControl through(FaultProxy proxy) {
        return new ServerControl() {
            @Override
            public void kill() {
                proxy.down();
            }

            @Override
            public void restart() {
                proxy.heal();
            }

            @Override
            public String description() {
                return "simulated at the fault proxy (port closed + connections reset); the server process kept running";
            }
        };
    }
}
