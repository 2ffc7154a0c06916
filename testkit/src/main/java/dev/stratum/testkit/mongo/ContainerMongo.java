package dev.stratum.testkit.mongo;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/** A {@code mongo:7.0} single-node replica set in Testcontainers; only touched when Testcontainers is on the class path. */
final class ContainerMongo implements AutoCloseable {
    static final String IMAGE = "mongo:7.0";
    private final MongoDBContainer container;

    private ContainerMongo(MongoDBContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers (with its MongoDB module) is on the class path and finds a Docker engine. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerMongo.class.getClassLoader());
            Class.forName("org.testcontainers.mongodb.MongoDBContainer", false, ContainerMongo.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static ContainerMongo start() {
        MongoDBContainer c = new MongoDBContainer(DockerImageName.parse(IMAGE)).withReplicaSet();
        c.start();
        return new ContainerMongo(c);
    }

    /** {@code mongodb://host:port/?directConnection=true} (one member: no replica set discovery through container host names). */
    String uri() {
        return "mongodb://" + container.getHost() + ":" + container.getMappedPort(27017) + "/?directConnection=true";
    }

    @Override
    public void close() {
        container.stop();
    }
}
