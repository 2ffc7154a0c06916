package dev.stratum.testkit.elastic;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;

/** Elasticsearch in Testcontainers (security off); loaded only when Testcontainers' Elasticsearch module is on the class path. */
final class ContainerElastic implements AutoCloseable {
    private final ElasticsearchContainer container;

    private ContainerElastic(ElasticsearchContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.elasticsearch.ElasticsearchContainer", false, ContainerElastic.class.getClassLoader());
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    static ContainerElastic start(String version) {
        ElasticsearchContainer c = new ElasticsearchContainer("docker.elastic.co/elasticsearch/elasticsearch:" + version)
                .withEnv("xpack.security.enabled", "false").withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        c.start();
        return new ContainerElastic(c);
    }

    String uri() {
        return "http://" + container.getHttpHostAddress();
    }

    @Override
    public void close() {
        container.stop();
    }
}
