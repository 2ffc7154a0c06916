package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.ConnectionString;
import dev.stratum.api.ConfigurationException;
import dev.stratum.store.mongo.internal.MongoUris;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Passwords with every URI-special character on MongoDB's URI parser: percent-encoded they parse to
 * the exact password (MongoDB's URI spec requires the encoding); raw, they are refused with a message
 * that holds no part of the secret.
 */
class MongoUriPasswordTest {
    private static final List<String> SPECIALS = List.of("#", "?", "@", ":", "/", "%", "+", " ", "&", "=", ",");

    @Test
    void percentEncodedSpecialsParseExactly() {
        for (String c : SPECIALS) {
            String password = "Sx" + c + "Qy" + c + c + "Zw";
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
            ConnectionString cs = MongoUris.parse("mongodb://app:" + encoded + "@db.example:27018/tracker?appName=api");
            assertThat(new String(cs.getPassword())).as("password with %s", c).isEqualTo(password);
            assertThat(cs.getHosts()).containsExactly("db.example:27018");
            assertThat(cs.getDatabase()).isEqualTo("tracker");
        }
    }

    @Test
    void noPartOfARawSecretInAnyMessage() {
        for (String c : SPECIALS) {
            String password = "Sx" + c + "Qy" + c + "Zw";
            for (String uri : List.of("mongodb://app:" + password + "@db.example:27018/tracker", "mongodb://app:" + password + "@db:notaport/x",
                    "mongodb://app:" + password + "@", "mongodb+srv://app:" + password + "@db.example:27017/x")) {
                Throwable t = catchThrowable(() -> MongoStore.builder().uri(uri).build().close());
                if (t == null) {
                    continue; // the driver accepted it as written
                }
                assertThat(t).as(uri).isInstanceOf(ConfigurationException.class);
                for (Throwable e = t; e != null; e = e.getCause()) {
                    assertThat(String.valueOf(e.getMessage())).as(uri).doesNotContain("Sx").doesNotContain("Qy").doesNotContain("Zw");
                }
            }
        }
    }
}
