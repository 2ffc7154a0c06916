package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Store;
import dev.stratum.api.Stores;
import dev.stratum.store.mongo.internal.MongoConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Building configurations: URI parsing, validation messages that name the bad part, and no credential anywhere. */
class MongoStoreConfigTest {
    private static final String SECRET = "s3cr3t-P4ss";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://localhost/db                               | unsupported scheme 'http'",
        "localhost:27017/db                                | unsupported scheme '(none)'",
        "mongodb://localhost:99999/db                      | port must be an integer",
        "mongodb://                                        | no host",
        "mongodb://localhost                               | no database",
        "mongodb+srv://cluster0.example.net:27017/db       | can not contain a port",
        "mongodb+srv://a.example.net,b.example.net/db      | Only one host",
        "mongodb://localhost/db?maxPoolSize=many           | 'maxpoolsize'",
        "mongodb://localhost/db?readPreference=nearest-ish | read preference",
        "mongodb://localhost/db?authMechanism=MAGIC        | authMechanism",
        "mongodb://localhost/a%20b                         | databaseName does not contain ' '",
    })
    void aBadUriIsAConfigurationErrorNamingTheBadPart(String uri, String expected) {
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri(uri).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void credentialsInABadUriNeverAppearInTheMessage() {
        for (String uri : new String[] {"mongodb://app:" + SECRET + "@/db", "mongodb://app:" + SECRET + "@localhost:70000/db",
                "mongodb://app:" + SECRET + "@localhost/db?authMechanism=MAGIC", "mongodb://app:p@" + SECRET + "@localhost/db",
                "mongodb+srv://app:" + SECRET + "@cluster0.example.net:1/db"}) {
            assertThatThrownBy(() -> MongoStoreConfig.builder().uri(uri).build())
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("app:").contains("***@"));
        }
    }

    @Test
    void credentialsNeverAppearInToString() {
        MongoStoreConfig fromUri = MongoStoreConfig.builder().uri("mongodb://app:" + SECRET + "@db1:27017,db2:27018/tracker?authSource=admin").build();
        assertThat(fromUri.toString()).doesNotContain(SECRET).doesNotContain("app").contains("db1:27017,db2:27018/tracker")
                .contains("credentials=from URI");
        MongoStoreConfig supplied = MongoStoreConfig.builder().uri("mongodb://localhost/tracker")
                .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", SECRET.toCharArray())).build();
        assertThat(supplied.toString()).doesNotContain(SECRET).contains("credentials=supplied");
        try (MongoStore store = MongoStore.create(supplied)) {
            assertThat(store.toString()).doesNotContain(SECRET).doesNotContain("app");
        }
    }

    @Test
    void theDatabaseComesFromThePathOrTheBuilder() {
        assertThat(MongoStoreConfig.builder().uri("mongodb://localhost/tracker").build().database()).isEqualTo("tracker");
        assertThat(MongoStoreConfig.builder().uri("mongodb://localhost/").database("other").build().database()).isEqualTo("other");
        assertThat(MongoStoreConfig.builder().uri("mongodb://localhost/tracker").database("override").build().database()).isEqualTo("override");
    }

    @Test
    void srvUrisAreParsedWithoutResolving() {
        MongoStoreConfig c = MongoStoreConfig.builder().uri("mongodb+srv://cluster0.example.net/tracker?retryWrites=true").build();
        assertThat(c.srv()).isTrue();
        assertThat(c.hosts()).containsExactly("cluster0.example.net");
        assertThat(c.database()).isEqualTo("tracker");
    }

    @Test
    void builderValuesWinOverTheUriAndReachTheDriverSettings() {
        MongoStoreConfig c = MongoStoreConfig.builder().uri("mongodb://localhost/tracker?maxPoolSize=5&w=1")
                .maxPoolSize(42).minPoolSize(3).maxConnectionIdleTime(Duration.ofMinutes(2)).maxWaitTime(Duration.ofMillis(1500))
                .connectTimeout(Duration.ofSeconds(4)).socketTimeout(Duration.ofSeconds(9)).serverSelectionTimeout(Duration.ofSeconds(7))
                .readPreference(ReadPreference.secondaryPreferred()).writeConcern(WriteConcern.MAJORITY).applicationName("tracker-api")
                .build();
        MongoClientSettings s = MongoConnection.settings(c, null);
        assertThat(s.getConnectionPoolSettings().getMaxSize()).isEqualTo(42);
        assertThat(s.getConnectionPoolSettings().getMinSize()).isEqualTo(3);
        assertThat(s.getConnectionPoolSettings().getMaxConnectionIdleTime(TimeUnit.SECONDS)).isEqualTo(120);
        assertThat(s.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(9);
        assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(s.getReadPreference()).isEqualTo(ReadPreference.secondaryPreferred());
        assertThat(s.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY);
        assertThat(s.getApplicationName()).isEqualTo("tracker-api");
        assertThat(s.getUuidRepresentation()).isEqualTo(org.bson.UuidRepresentation.STANDARD);
        MongoClientSettings fromUri = MongoConnection.settings(MongoStoreConfig.builder().uri("mongodb://localhost/t?maxPoolSize=5").build(), null);
        assertThat(fromUri.getConnectionPoolSettings().getMaxSize()).isEqualTo(5);
    }

    @Test
    void badSettingsAreConfigurationErrorsNamingTheSetting() {
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").maxPoolSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").maxPoolSize(2).minPoolSize(5).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("minPoolSize (5)");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").bulkBatchSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bulkBatchSize");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").connectTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> MongoStoreConfig.builder().build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("no MongoDB URI");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://app:" + SECRET + "@localhost/t")
                .credentials(MongoCredential.createCredential("app", "admin", SECRET.toCharArray())).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("credentials given twice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").trustedCertificates(java.nio.file.Path.of("/no/such/ca.pem")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("/no/such/ca.pem");
        assertThatThrownBy(() -> MongoRepositoryOptions.builder().collection("system.users").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("system.users");
    }

    @Test
    void aFailingCredentialsSupplierIsAConfigurationErrorWithoutItsSecrets() {
        MongoStoreConfig c = MongoStoreConfig.builder().uri("mongodb://localhost/t")
                .credentials(() -> {
                    throw new IllegalStateException("vault said no");
                }).build();
        assertThatThrownBy(() -> MongoStore.create(c)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials supplier failed").hasMessageContaining("IllegalStateException");
    }

    @Test
    void theSupplierIsAskedWhenTheClientIsCreated() {
        AtomicInteger calls = new AtomicInteger();
        MongoStoreConfig c = MongoStoreConfig.builder().uri("mongodb://localhost/t").credentials(() -> {
            calls.incrementAndGet();
            return MongoCredential.createScramSha256Credential("app", "admin", SECRET.toCharArray());
        }).build();
        assertThat(calls).hasValue(0);
        try (MongoStore store = MongoStore.create(c)) {
            assertThat(calls).hasValue(1);
            assertThat(store.refreshCredentials()).as("same credential: the client is kept").isFalse();
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void fromCopiesEverySetting() {
        MongoStoreConfig base = MongoStoreConfig.builder().uri("mongodb://localhost/t").maxPoolSize(9).bulkBatchSize(10)
                .repository(String.class, MongoRepositoryOptions.builder().writeConcern(WriteConcern.W2).build()).build();
        MongoStoreConfig copy = MongoStoreConfig.from(base).streamBatchSize(7).build();
        assertThat(copy.maxPoolSize()).contains(9);
        assertThat(copy.bulkBatchSize()).isEqualTo(10);
        assertThat(copy.streamBatchSize()).isEqualTo(7);
        assertThat(copy.repositoryOptions(String.class).writeConcern()).contains(WriteConcern.W2);
        assertThat(copy.repositoryOptions(Integer.class)).isSameAs(MongoRepositoryOptions.none());
    }

    @Test
    void storesOpenThroughTheServiceLoader() {
        try (Store store = Stores.open("mongodb://localhost:27017/tracker")) {
            assertThat(store).isInstanceOf(MongoStore.class);
            assertThat(store.name()).isEqualTo("mongodb");
            assertThat(((MongoStore) store).config().database()).isEqualTo("tracker");
        }
        try (Store store = Stores.open("mongodb+srv://cluster0.example.net/tracker")) {
            assertThat(((MongoStore) store).config().srv()).isTrue();
        }
        assertThatThrownBy(() -> Stores.open("mongodb://app:" + SECRET + "@localhost:99999/t"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
}
