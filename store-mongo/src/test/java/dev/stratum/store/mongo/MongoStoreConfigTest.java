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
import java.util.List;
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
    void driverSettingsLayerBaseThenUriThenStratumThenTheCustomizer() {
        MongoClientSettings base = MongoClientSettings.builder().applicationName("tracker-api")
                .applyToConnectionPoolSettings(p -> p.maxSize(42).minSize(3)).readPreference(ReadPreference.secondaryPreferred()).build();
        MongoStoreConfig c = MongoStoreConfig.builder().uri("mongodb://localhost/tracker?maxPoolSize=5&w=1")
                .clientSettings(base)
                .clientSettings(s -> s.applyToSocketSettings(k -> k.connectTimeout(4, TimeUnit.SECONDS)).writeConcern(WriteConcern.MAJORITY))
                .build();
        MongoClientSettings s = MongoConnection.settings(c, null);
        assertThat(s.getConnectionPoolSettings().getMaxSize()).as("the URI over the base").isEqualTo(5);
        assertThat(s.getConnectionPoolSettings().getMinSize()).as("the base where the URI says nothing").isEqualTo(3);
        assertThat(s.getApplicationName()).isEqualTo("tracker-api");
        assertThat(s.getReadPreference()).isEqualTo(ReadPreference.secondaryPreferred());
        assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(s.getWriteConcern()).as("the customizer over the URI").isEqualTo(WriteConcern.MAJORITY);
        assertThat(s.getUuidRepresentation()).isEqualTo(org.bson.UuidRepresentation.STANDARD);
    }

    @Test
    void baseSettingsAloneNeedNoUri() {
        MongoClientSettings base = MongoClientSettings.builder()
                .applyToClusterSettings(k -> k.hosts(List.of(new com.mongodb.ServerAddress("db1.example.net", 27018)))).build();
        MongoStoreConfig c = MongoStoreConfig.builder().clientSettings(base).database("tracker").build();
        assertThat(c.hosts()).containsExactly("db1.example.net:27018");
        assertThat(c.connectionString()).isEmpty();
        assertThat(MongoConnection.settings(c, null).getClusterSettings().getHosts()).hasSize(1);
    }

    @Test
    void aGivenClientExcludesUriSettingsAndCredentials() {
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create("mongodb://localhost:1")) {
            assertThatThrownBy(() -> MongoStoreConfig.builder().client(client).uri("mongodb://localhost/t").build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("client(...)");
            assertThatThrownBy(() -> MongoStoreConfig.builder().client(client).database("t")
                    .credentials(MongoCredential.createCredential("app", "admin", SECRET.toCharArray())).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("client(...)");
            assertThatThrownBy(() -> MongoStoreConfig.builder().client(client).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("no database");
            MongoStoreConfig c = MongoStoreConfig.builder().client(client).database("t").build();
            assertThat(c.client()).containsSame(client);
            assertThat(c.hosts()).containsExactly("localhost:1");
        }
    }

    @Test
    void badSettingsAreConfigurationErrorsNamingTheSetting() {
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").bulkBatchSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bulkBatchSize");
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("mongodb://localhost/t").healthTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("healthTimeout");
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
        MongoStoreConfig base = MongoStoreConfig.builder().uri("mongodb://localhost/t?maxPoolSize=9").bulkBatchSize(10)
                .repository(String.class, MongoRepositoryOptions.builder().writeConcern(WriteConcern.W2).build()).build();
        MongoStoreConfig copy = MongoStoreConfig.from(base).streamBatchSize(7).build();
        assertThat(MongoConnection.settings(copy, null).getConnectionPoolSettings().getMaxSize()).isEqualTo(9);
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
