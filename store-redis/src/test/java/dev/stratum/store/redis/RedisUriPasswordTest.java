package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.store.redis.internal.RedisUriParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Passwords holding URI-special characters, raw (as people paste them) or percent-encoded: the
 * authority is parsed first, so nothing after a '#', '?', '/' or '@' in the password is taken for a
 * fragment, query, path or host, and no part of the secret ever appears in a message.
 */
class RedisUriPasswordTest {
    private static final List<String> SPECIALS = List.of("#", "?", "@", ":", "/", "%", "+", " ", "&", "=", ",");

    @Test
    void everySpecialCharacterInARawPasswordParses() {
        for (String c : SPECIALS) {
            String password = "Sx" + c + "Qy" + c + c + "Zw";
            for (String scheme : List.of("redis", "rediss")) {
                RedisUriParser.Parsed p = RedisUriParser.parse(scheme + "://app:" + password + "@cache.example:6380/2?clientName=api#ignored");
                assertThat(p.hosts()).as("host with %s", c).containsExactly("cache.example");
                assertThat(p.ports()).containsExactly(6380);
                assertThat(p.username()).isEqualTo("app");
                assertThat(new String(p.password())).as("password with %s", c).isEqualTo(password);
                assertThat(p.database()).isEqualTo(2);
                assertThat(p.options()).containsEntry("clientName", "api");
            }
            RedisUriParser.Parsed cluster = RedisUriParser.parse("redis-cluster://:" + password + "@n1:7000,n2:7001");
            assertThat(cluster.hosts()).containsExactly("n1", "n2");
            assertThat(new String(cluster.password())).isEqualTo(password);
            RedisUriParser.Parsed sentinel = RedisUriParser.parse("redis-sentinel://app:" + password + "@s1:26379/1#mymaster");
            assertThat(sentinel.masterId()).isEqualTo("mymaster");
            assertThat(new String(sentinel.password())).isEqualTo(password);
        }
    }

    @Test
    void percentEncodedSpecialsDecode() {
        RedisUriParser.Parsed p = RedisUriParser.parse("redis://app:a%23b%3Fc%40d%3Ae%2Ff%25g%2Bh%20i@cache:6379");
        assertThat(new String(p.password())).isEqualTo("a#b?c@d:e/f%g+h i");
    }

    @Test
    void noPartOfTheSecretInAnyMessage() {
        for (String c : SPECIALS) {
            String password = "Sx" + c + "Qy" + c + "Zw";
            for (String bad : List.of("redis://app:" + password + "@cache:notaport", "redis://app:" + password + "@cache:6379/notadb",
                    "redis://app:" + password + "@:6379", "redis://app:" + password + "@cache:6379?nope=1", "redis://app:" + password + "@")) {
                Throwable t = catchThrowable(() -> RedisStore.builder().uri(bad).build());
                assertThat(t).as(bad).isNotNull();
                for (Throwable e = t; e != null; e = e.getCause()) {
                    assertThat(String.valueOf(e.getMessage())).as(bad).doesNotContain("Sx").doesNotContain("Qy").doesNotContain("Zw");
                }
            }
        }
    }
}
