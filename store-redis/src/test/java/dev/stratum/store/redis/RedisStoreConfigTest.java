package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Store;
import dev.stratum.api.Stores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** URIs and builder settings: what is accepted, how bad parts are named, and that credentials never show. */
class RedisStoreConfigTest {
    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void uriFormsAndDefaults() {
        RedisStoreConfig c = RedisStoreConfig.builder().uri("redis://cache.internal:6380/3?timeout=2s&clientName=orders&keyPrefix=o").build();
        assertThat(c.mode()).isEqualTo(RedisStoreConfig.Mode.STANDALONE);
        assertThat(c.endpoints()).containsExactly(new RedisStoreConfig.Endpoint("cache.internal", 6380));
        assertThat(c.database()).isEqualTo(3);
        assertThat(c.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.clientName()).isEqualTo("orders");
        assertThat(c.keyPrefix()).isEqualTo("o");
        assertThat(c.tls()).isFalse();
        assertThat(c.credentials()).isEmpty();

        RedisStoreConfig tls = RedisStoreConfig.builder().uri("rediss://h").build();
        assertThat(tls.tls()).isTrue();
        assertThat(tls.verifyPeer()).isTrue();
        assertThat(tls.endpoints()).containsExactly(new RedisStoreConfig.Endpoint("h", 6379));

        RedisStoreConfig cluster = RedisStoreConfig.builder().uri("redis-cluster://a:7000,b:7001,[::1]:7002").build();
        assertThat(cluster.mode()).isEqualTo(RedisStoreConfig.Mode.CLUSTER);
        assertThat(cluster.endpoints()).extracting(RedisStoreConfig.Endpoint::toString).containsExactly("a:7000", "b:7001", "[::1]:7002");
        assertThat(RedisStoreConfig.builder().uri("redis://a:7000,b:7001").cluster(true).build().mode()).isEqualTo(RedisStoreConfig.Mode.CLUSTER);

        RedisStoreConfig sentinel = RedisStoreConfig.builder().uri("redis-sentinel://s1,s2:26380/1#orders-master").build();
        assertThat(sentinel.mode()).isEqualTo(RedisStoreConfig.Mode.SENTINEL);
        assertThat(sentinel.endpoints()).extracting(RedisStoreConfig.Endpoint::port).containsExactly(26379, 26380);
        assertThat(sentinel.sentinelMasterId()).contains("orders-master");
        assertThat(sentinel.database()).isEqualTo(1);

        RedisStoreConfig defaults = RedisStoreConfig.defaults();
        assertThat(defaults.endpoints()).containsExactly(new RedisStoreConfig.Endpoint("localhost", 6379));
        assertThat(defaults.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.keyPrefix()).isEqualTo("stratum");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mongodb://h:1                       | unsupported Redis URI scheme 'mongodb'",
        "localhost:6379                      | no '://' found",
        "redis://                            | has no host",
        "redis://h:99999                     | port '99999' of host 'h'",
        "redis://h:abc/0                     | port 'abc' of host 'h'",
        "redis://h:6379/x                    | database 'x'",
        "redis://h/0?tiemout=1s              | unknown option 'tiemout'",
        "redis://h/0?timeout=soon            | option 'timeout' has an invalid duration 'soon'",
        "redis://a:1,b:2                     | names one host, this one names 2",
        "redis-sentinel://s1:26379           | needs the master's name",
        "redis-cluster://a:1/2               | Redis Cluster has only database 0",
        "redis://h/0?clientName=a%20b        | clientName 'a b'",
        "redis://h/0?keyPrefix=a%7Bb         | must not contain '{' or '}'",
        "redis://h bad:1                     | host 'h bad' in the Redis URI is not a valid host",
    })
    void badUrisNameTheBadPart(String uri, String message) {
        assertThatThrownBy(() -> RedisStore.builder().uri(uri.trim()).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message.trim());
    }

    @Test
    void builderSettingsAreValidated() {
        assertThatThrownBy(() -> RedisStore.builder().commandTimeout(Duration.ZERO).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> RedisStore.builder().fetchSize(0).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("fetchSize");
        assertThatThrownBy(() -> RedisStore.builder().uri("rediss://h").trustedCertificates(Path.of("/no/such/ca.pem")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("trustedCertificates file '/no/such/ca.pem'");
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://h").trustedCertificates(Path.of("pom.xml")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TLS is off");
    }

    @Test
    void credentialsNeverAppearInToStringOrMessages() {
        String uri = "redis://orders:" + SECRET + "@cache:6379/0";
        RedisStoreConfig c = RedisStoreConfig.builder().uri(uri).build();
        assertThat(c.credentials()).isPresent();
        assertThat(c.credentials().get().resolveCredentials().block().getPassword()).isEqualTo(SECRET.toCharArray());
        assertThat(c.toString()).doesNotContain(SECRET).contains("credentials=<provided>");
        try (RedisStore store = RedisStore.builder().uri(uri).build()) {
            assertThat(store.toString()).doesNotContain(SECRET);
            assertThat(store.repository(dev.stratum.testkit.domain.Task.class).storeInfo().toString()).doesNotContain(SECRET);
        }
        for (String bad : new String[] {"redis://orders:" + SECRET + "@cache:abc", "redis://orders:" + SECRET + "@cache/0?x=1",
                "redis://orders:" + SECRET + "@/0", "redis://orders:" + SECRET + "@a:1,b:2", "redis://orders:" + SECRET + "@h/zz"}) {
            assertThatThrownBy(() -> RedisStore.builder().uri(bad).build()).isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
        RedisStoreConfig b = RedisStoreConfig.builder().credentials("app", SECRET.toCharArray()).build();
        assertThat(b.toString()).doesNotContain(SECRET);
    }

    @Test
    void percentEncodedPasswordsAndPasswordOnlyUris() {
        RedisStoreConfig c = RedisStoreConfig.builder().uri("redis://:p%40ss%2Fw%3Ard@h").build();
        assertThat(c.credentials().get().resolveCredentials().block().getPassword()).isEqualTo("p@ss/w:rd".toCharArray());
        assertThat(c.credentials().get().resolveCredentials().block().hasUsername()).isFalse();
    }

    @Test
    void storesOpenFindsTheProviderForEveryScheme() {
        for (String uri : new String[] {"redis://localhost:6379", "rediss://localhost", "redis-sentinel://localhost#m",
                "redis-cluster://localhost:7000,localhost:7001"}) {
            try (Store s = Stores.open(uri)) {
                assertThat(s).isInstanceOf(RedisStore.class);
                assertThat(s.name()).isEqualTo("redis");
            }
        }
    }
}
