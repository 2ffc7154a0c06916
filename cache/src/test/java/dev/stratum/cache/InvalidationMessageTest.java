package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.cache.internal.InvalidationMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

    @Test
    void roundTripsIdsTagsAndAll() {
        InvalidationMessage m = InvalidationMessage.of("node-1", List.of("a", "b|c\n\"d\""), List.of("user:42"));
        assertThat(InvalidationMessage.decode(m.encode())).isEqualTo(m);
        InvalidationMessage all = InvalidationMessage.all("node-2");
        assertThat(InvalidationMessage.decode(all.encode())).isEqualTo(all);
        assertThat(all.encode()).isEqualTo("{\"v\":1,\"o\":\"node-2\",\"a\":true}");
    }

    @Test
    void foreignMessagesAreIgnored() {
        assertThat(InvalidationMessage.decode("hello")).isNull();
        assertThat(InvalidationMessage.decode("[1,2]")).isNull();
        assertThat(InvalidationMessage.decode("{\"x\":1}")).isNull();
    }
}
