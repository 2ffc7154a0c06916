package dev.stratum.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM has no parent, so it repeats some of the parent's versions: they must stay the same. */
class BomVersionsTest {
    static final List<String> SHARED = List.of("mongo-java-server.version", "mongodb.version", "embedded-redis.version", "testcontainers.version",
            "elasticsearch.version", "jqwik.version");

    @Test
    void theBomsTestServerVersionsAreTheParents() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        for (String property : SHARED) {
            assertEquals(property(parent, property), property(bom, property), property + " differs between pom.xml and bom/pom.xml");
        }
    }

    /** The parent takes google-cloud-firestore from libraries-bom; the BOM names the version that resolves to. */
    @Test
    void theBomsFirestoreVersionIsTheOneTheBuildUses() throws IOException {
        String bom = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("bom/pom.xml"));
        Properties built = new Properties();
        try (InputStream in = BomVersionsTest.class.getResourceAsStream("/META-INF/maven/com.google.cloud/google-cloud-firestore/pom.properties")) {
            assertNotNull(in, "google-cloud-firestore is not on this module's test class path");
            built.load(in);
        }
        assertEquals(built.getProperty("version"), property(bom, "google-cloud-firestore.version"),
                "bom/pom.xml's google-cloud-firestore.version differs from what the parent's libraries-bom resolves");
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertNotNull(m.find() ? m : null, name + " not declared");
        return m.group(1).trim();
    }
}
