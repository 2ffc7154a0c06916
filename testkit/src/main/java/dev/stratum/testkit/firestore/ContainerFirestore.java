package dev.stratum.testkit.firestore;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.gcloud.FirestoreEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/** Google's Firestore emulator in Testcontainers; only touched when Testcontainers' gcloud module is on the class path. */
final class ContainerFirestore implements AutoCloseable {
    static final String IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators";
    private final FirestoreEmulatorContainer container;

    private ContainerFirestore(FirestoreEmulatorContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers (with its gcloud module) is on the class path and finds a Docker engine. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerFirestore.class.getClassLoader());
            Class.forName("org.testcontainers.gcloud.FirestoreEmulatorContainer", false, ContainerFirestore.class.getClassLoader());
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
    static ContainerFirestore start() {
        FirestoreEmulatorContainer c = new FirestoreEmulatorContainer(DockerImageName.parse(IMAGE));
        c.start();
        return new ContainerFirestore(c);
    }

    /** {@code host:port} of the emulator. */
    String emulatorHost() {
        return container.getEmulatorEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
