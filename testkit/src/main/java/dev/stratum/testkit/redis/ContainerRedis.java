package dev.stratum.testkit.redis;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** A {@code redis:7} Testcontainers container; only touched when Testcontainers is on the class path. */
final class ContainerRedis implements AutoCloseable {
    private final GenericContainer<?> container;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    /** Whether Testcontainers finds a Docker engine (call only when Testcontainers is on the class path). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static ContainerRedis start() {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        c.start();
        return new ContainerRedis(c);
    }

    String host() {
        return container.getHost();
    }

    int port() {
        return container.getMappedPort(6379);
    }

    @Override
    public void close() {
        container.stop();
    }
}
