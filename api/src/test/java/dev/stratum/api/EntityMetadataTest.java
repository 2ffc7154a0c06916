package dev.stratum.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link EntityMetadata} of records and POJOs, and the errors of invalid entity types. */
class EntityMetadataTest {

    public enum Status { OPEN, DONE }

    public record Address(String city, List<String> postcodes) {}

    @Entity(value = "tasks", ttlSeconds = 3600)
    @CompoundIndex(name = "by_assignee_due", fields = {"assigneeId", "-dueDate"})
    @CompoundIndex(fields = {"address.city", "status"}, unique = true, sparse = true)
    public record Task(@Id String id, @Indexed(unique = true) String slug, @Indexed(text = true) String body,
            @Indexed(order = Indexed.Order.DESC) Status status, String assigneeId, @Indexed(ttlSeconds = 60) Instant dueDate,
            Address address, Map<String, Object> attrs, List<String> tags, @Version long version, @CreatedAt Instant createdAt,
            @UpdatedAt Instant updatedAt) {}

    public record Untitled(@Id long id, String name) {}

    public record WithUuid(@Id UUID id, @Version Integer version) {}

    public record Renamed(@Id @JsonProperty("_key") String id, @Indexed @JsonProperty("e_mail") String email) {}

    @TimeSeries(timeField = "at", metaField = "labels")
    public record Sample(@Id String id, Instant at, Map<String, String> labels, double value) {}

    /** A POJO with annotations on fields and getters/setters. */
    @Entity("people")
    public static class Person {
        @Id
        private Long id;
        @Indexed(unique = true)
        private String email;
        @Version
        private long version;
        @CreatedAt
        private Instant createdAt;
        private LocalDate birthday;

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long version) {
            this.version = version;
        }

        public Instant getCreatedAt() {
            return createdAt;
        }

        public LocalDate getBirthday() {
            return birthday;
        }
    }

    public record NoId(String id, String name) {}

    public record TwoIds(@Id String id, @Id String other) {}

    public record StringVersion(@Id String id, @Version String version) {}

    public record IntegerId(@Id Integer id) {}

    public record DateCreatedAt(@Id String id, @CreatedAt LocalDate createdAt) {}

    @CompoundIndex(fields = {"name", "nope"})
    public record BadCompound(@Id String id, String name) {}

    @TimeSeries(timeField = "when")
    public record BadTimeSeries(@Id String id, Instant at) {}

    @Test
    void aRecordIsDescribedCompletely() {
        EntityMetadata<Task> m = EntityMetadata.of(Task.class);
        assertThat(m.type()).isEqualTo(Task.class);
        assertThat(m.collection()).isEqualTo("tasks");
        assertThat(m.idProperty()).isEqualTo("id");
        assertThat(m.idType()).isEqualTo(String.class);
        assertThat(m.idAssignable()).isTrue();
        assertThat(m.versionProperty()).contains("version");
        assertThat(m.isVersioned()).isTrue();
        assertThat(m.createdAtProperty()).contains("createdAt");
        assertThat(m.updatedAtProperty()).contains("updatedAt");
        assertThat(m.ttlSeconds()).isEqualTo(3600);
        assertThat(m.timeSeries()).isEmpty();
        assertThat(m.properties().keySet()).containsExactly("id", "slug", "body", "status", "assigneeId", "dueDate", "address", "attrs",
                "tags", "version", "createdAt", "updatedAt");
        assertThat(m.properties().get("tags").getContentType().getRawClass()).isEqualTo(String.class);
    }

    @Test
    void indexesComeFromFieldsThenCompoundDeclarations() {
        EntityMetadata<Task> m = EntityMetadata.of(Task.class);
        assertThat(m.indexes()).extracting(IndexDefinition::name)
                .containsExactly("slug_1", "body_1", "status_-1", "dueDate_1", "by_assignee_due", "address.city_1_status_1");
        IndexDefinition compound = m.indexes().get(4);
        assertThat(compound.fields()).containsExactly(new IndexDefinition.Field("assigneeId", true), new IndexDefinition.Field("dueDate", false));
        assertThat(m.indexes().get(5).unique()).isTrue();
        assertThat(m.indexes().get(5).sparse()).isTrue();
        assertThat(m.indexes().get(3).ttlSeconds()).isEqualTo(60);
        assertThat(m.indexes().get(1).text()).isTrue();

        assertThat(m.isIndexed("id")).as("the id is always indexed").isTrue();
        assertThat(m.isIndexed("slug")).isTrue();
        assertThat(m.isIndexed("assigneeId")).as("first field of a compound index").isTrue();
        assertThat(m.isIndexed("address.city")).isTrue();
        assertThat(m.isIndexed("dueDate")).isTrue();
        assertThat(m.isIndexed("body")).as("a text index does not serve filters").isFalse();
        assertThat(m.isIndexed("tags")).isFalse();
        assertThat(m.isUnique("slug")).isTrue();
        assertThat(m.isUnique("address.city")).as("unique only as a compound").isFalse();
        assertThat(m.isUnique("status")).isFalse();
        assertThat(m.textFields()).containsExactly("body");
    }

    @Test
    void pathsAreValidatedAgainstTheEntity() {
        EntityMetadata<Task> m = EntityMetadata.of(Task.class);
        assertThat(m.validatePath("address.city").getRawClass()).isEqualTo(String.class);
        assertThat(m.validatePath("address.postcodes").isCollectionLikeType()).isTrue();
        assertThat(m.validatePath("attrs.anything.below.a.map").getRawClass()).isEqualTo(Object.class);
        assertThat(m.validatePath("status").getRawClass()).isEqualTo(Status.class);
        assertThatThrownBy(() -> m.validatePath("nope")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'nope'").hasMessageContaining(Task.class.getName()).hasMessageContaining("slug");
        assertThatThrownBy(() -> m.validatePath("address.zip")).isInstanceOf(InvalidQueryException.class).hasMessageContaining("zip");
        assertThatThrownBy(() -> m.validatePath("status.name")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> m.validatePath("slug.length")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> m.validatePath("tags.x")).isInstanceOf(InvalidQueryException.class);
        for (String bad : List.of("", "$where", "attrs.$gt", "attrs..x", "attrs.", ".slug", "sl\0ug")) {
            assertThatThrownBy(() -> m.validatePath(bad)).as("path '%s'", bad).isInstanceOf(InvalidQueryException.class);
        }
    }

    @Test
    void defaultsForAnUnannotatedRecordWithALongId() {
        EntityMetadata<Untitled> m = EntityMetadata.of(Untitled.class);
        assertThat(m.collection()).isEqualTo("untitled");
        assertThat(m.idType()).isEqualTo(Long.class);
        assertThat(m.idAssignable()).isFalse();
        assertThat(m.isVersioned()).isFalse();
        assertThat(m.versionProperty()).isEmpty();
        assertThat(m.createdAtProperty()).isEmpty();
        assertThat(m.indexes()).isEmpty();
        assertThat(m.ttlSeconds()).isZero();
        assertThat(m.textFields()).isEmpty();
    }

    @Test
    void uuidIdsAreAssignableAndIntegerVersionsAllowed() {
        EntityMetadata<WithUuid> m = EntityMetadata.of(WithUuid.class);
        assertThat(m.idType()).isEqualTo(UUID.class);
        assertThat(m.idAssignable()).isTrue();
        assertThat(m.versionProperty()).contains("version");
    }

    @Test
    void aPojoIsDescribedFromItsFieldsAndAccessors() {
        EntityMetadata<Person> m = EntityMetadata.of(Person.class);
        assertThat(m.collection()).isEqualTo("people");
        assertThat(m.idProperty()).isEqualTo("id");
        assertThat(m.idType()).isEqualTo(Long.class);
        assertThat(m.versionProperty()).contains("version");
        assertThat(m.createdAtProperty()).contains("createdAt");
        assertThat(m.isUnique("email")).isTrue();
        assertThat(m.properties()).containsKeys("id", "email", "version", "createdAt", "birthday");
    }

    @Test
    void jacksonRenamesApply() {
        EntityMetadata<Renamed> m = EntityMetadata.of(Renamed.class);
        assertThat(m.idProperty()).isEqualTo("_key");
        assertThat(m.isIndexed("e_mail")).isTrue();
        assertThatThrownBy(() -> m.validatePath("email")).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void timeSeriesSettingsAreRead() {
        EntityMetadata<Sample> m = EntityMetadata.of(Sample.class);
        assertThat(m.timeSeries()).hasValueSatisfying(ts -> {
            assertThat(ts.timeField()).isEqualTo("at");
            assertThat(ts.metaField()).isEqualTo("labels");
            assertThat(ts.granularity()).isEqualTo(TimeSeries.Granularity.SECONDS);
        });
    }

    @Test
    void metadataIsReadOnceAndCached() {
        assertThat(EntityMetadata.of(Task.class)).isSameAs(EntityMetadata.of(Task.class));
        assertThat(EntityMetadata.of(Task.class).toString()).contains("tasks").contains("id");
    }

    @Test
    void invalidEntityTypesAreRefusedWithAMappingExceptionNamingTheProblem() {
        assertThatThrownBy(() -> EntityMetadata.of(NoId.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining(NoId.class.getName()).hasMessageContaining("@Id");
        assertThatThrownBy(() -> EntityMetadata.of(TwoIds.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("'id'").hasMessageContaining("'other'");
        assertThatThrownBy(() -> EntityMetadata.of(StringVersion.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("@Version").hasMessageContaining("String");
        assertThatThrownBy(() -> EntityMetadata.of(IntegerId.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("@Id").hasMessageContaining("Integer");
        assertThatThrownBy(() -> EntityMetadata.of(DateCreatedAt.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("Instant");
    }

    @Test
    void indexesAndTimeSeriesNamingUnknownFieldsMakeTheTypeInvalid() {
        assertThatThrownBy(() -> EntityMetadata.of(BadCompound.class)).as("EntityMetadata.of: MappingException if the type is not a valid entity")
                .isInstanceOf(MappingException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> EntityMetadata.of(BadTimeSeries.class)).isInstanceOf(MappingException.class).hasMessageContaining("when");
    }
}
