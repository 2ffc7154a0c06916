package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.store.redis.internal.RedisErrors;
import org.junit.jupiter.api.Test;

/**
 * A malformed reply is a transient failure, of unknown outcome for a write. Seen once in {@link RedisClusterFailoverTest}
 * (resets every 50 ms and a master killed): a pipelined write script's reply came back nested ({@code ArrayList cannot
 * be cast to byte[]}). The likely mechanism, from Lettuce's source (not reproduced in isolation): a cluster connection
 * accepts commands while disconnected (store-redis README, "Errors"), and with that setting a connection closed without
 * an error ({@code CommandHandler.channelInactive} → {@code DefaultEndpoint.notifyDrainQueuedCommands}) puts all its
 * commands back to be re-sent, including one whose reply was partly decoded, whose output is not reset. (A reset, an
 * {@code IOException}, fails that command instead: {@code CommandHandler.exceptionCaught}.)
 */
class RedisClusterReplayedReplyTest {

    @Test
    void aMalformedReplyIsTransientAndForAWriteOfUnknownOutcome() {
        ClassCastException cce = new ClassCastException("class java.util.ArrayList cannot be cast to class [B");
        DataAccessException read = RedisErrors.translate(cce, "findById Task", "127.0.0.1:7000");
        DataAccessException write = RedisErrors.translateWrite(cce, "write Task", "127.0.0.1:7000");
        assertThat(read).isInstanceOf(StoreUnavailableException.class).hasCause(cce);
        assertThat(write).isInstanceOf(WriteOutcomeUnknownException.class).hasCause(cce);
    }
}
