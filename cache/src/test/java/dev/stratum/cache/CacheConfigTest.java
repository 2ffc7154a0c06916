package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.ConfigurationException;
import dev.stratum.cache.support.FakeRemoteCache;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    @Test
    void defaults() {
        CacheConfig<Object> c = CacheConfig.defaults();
        assertThat(c.maximumSize()).isEqualTo(10_000);
        assertThat(c.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.remoteTtl()).isEqualTo(c.ttl());
        assertThat(c.queryTtl()).isEqualTo(c.ttl());
        assertThat(c.jitter()).isEqualTo(0.1);
        assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.remote()).isEmpty();
        assertThat(c.remoteTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.remoteRetryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.secondInvalidationDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.keyPrefix()).isEqualTo("stratum:cache:");
        assertThat(c.queryTags()).isEmpty();
        assertThat(c.name()).isEmpty();
    }

    @Test
    void fromKeepsUnsetRemoteAndQueryTtlsFollowingTheTtl() {
        CacheConfig<String> base = CacheConfig.<String>builder().ttl(Duration.ofMinutes(5)).build();
        CacheConfig<String> shorter = CacheConfig.from(base).ttl(Duration.ofSeconds(30)).build();
        assertThat(shorter.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shorter.remoteTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shorter.queryTtl()).isEqualTo(Duration.ofSeconds(30));
        // set explicitly on the base, they stay
        CacheConfig<String> explicit = CacheConfig.<String>builder().remoteTtl(Duration.ofMinutes(7)).queryTtl(Duration.ofMinutes(2)).build();
        CacheConfig<String> copy = CacheConfig.from(explicit).ttl(Duration.ofSeconds(30)).build();
        assertThat(copy.remoteTtl()).isEqualTo(Duration.ofMinutes(7));
        assertThat(copy.queryTtl()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void fromCopiesEverything() {
        CacheConfig<String> base = CacheConfig.<String>builder().name("n").maximumSize(5).ttl(Duration.ofSeconds(9))
                .remoteTtl(Duration.ofSeconds(99)).remote(new FakeRemoteCache()).queryTags(QueryTags.always("t")).build();
        CacheConfig<String> copy = CacheConfig.from(base).maximumSize(6).build();
        assertThat(copy.maximumSize()).isEqualTo(6);
        assertThat(copy.name()).contains("n");
        assertThat(copy.ttl()).isEqualTo(Duration.ofSeconds(9));
        assertThat(copy.remoteTtl()).isEqualTo(Duration.ofSeconds(99));
        assertThat(copy.remote()).isEqualTo(base.remote());
        assertThat(copy.queryTags()).isPresent();
        assertThat(copy.toString()).contains("remote=true", "queryCaching=true");
    }

    @Test
    void buildRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> CacheConfig.builder().maximumSize(0).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("maximumSize");
        assertThatThrownBy(() -> CacheConfig.builder().ttl(Duration.ZERO).build()).hasMessageContaining("ttl");
        assertThatThrownBy(() -> CacheConfig.builder().negativeTtl(Duration.ofSeconds(-1)).build()).hasMessageContaining("negativeTtl");
        assertThatThrownBy(() -> CacheConfig.builder().jitter(0.9).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> CacheConfig.builder().remoteTimeout(Duration.ZERO).build()).hasMessageContaining("remoteTimeout");
        assertThatThrownBy(() -> CacheConfig.builder().name("has space").build()).hasMessageContaining("name");
        assertThatThrownBy(() -> CacheConfig.builder().name("a#b").build()).hasMessageContaining("name");
        assertThatThrownBy(() -> CacheConfig.builder().maximumQueries(-1).build()).hasMessageContaining("maximumQueries");
    }
}
