package dev.stratum.store.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.stratum.api.ConfigurationException;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

class FirestoreStoreConfigTest {

    @Test
    void aUriNamesProjectDatabaseAndOptions() {
        FirestoreStoreConfig c = FirestoreStoreConfig.builder()
                .uri("firestore://my-project/orders-db?emulatorHost=localhost:8080&timeout=5s&collectionPrefix=t1").build();
        assertThat(c.projectId()).contains("my-project");
        assertThat(c.databaseId()).isEqualTo("orders-db");
        assertThat(c.emulatorHost()).contains("localhost:8080");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.collectionPrefix()).isEqualTo("t1");
        FirestoreStoreConfig d = FirestoreStoreConfig.builder().uri("firestore://p1").build();
        assertThat(d.databaseId()).isEqualTo("(default)");
        assertThat(d.emulatorHost()).isEmpty();
    }

    @Test
    void badPartsAreNamed() {
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().uri("mongodb://x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("firestore://");
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().uri("firestore://p?colour=blue")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().uri("firestore://p?emulatorHost=nohost")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().uri("firestore://p/Bad_DB")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Bad_DB");
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().uri("firestore://user:secret@p")).isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> FirestoreStoreConfig.builder().requestTimeout(Duration.ZERO)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void credentialsNeverShowInToString() {
        GoogleCredentials secret = GoogleCredentials.create(new AccessToken("ya29.super-secret-token", new Date(System.currentTimeMillis() + 3_600_000)));
        FirestoreStoreConfig c = FirestoreStoreConfig.builder().projectId("p").credentials(secret).build();
        assertThat(c.toString()).doesNotContain("super-secret").contains("credentials=<supplied>");
        assertThat(c.credentials()).isPresent();
    }
}
