package dev.stratum.testkit;

import static dev.stratum.api.Sort.asc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capability;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defects 7 and 8: a sparse unique index admits any number of entities without a value
 * (explicit nulls included: MongoDB indexed them and refused the second), and a path through a
 * declared list is refused in filters and sorts on every store (stores matched it three ways).
 */
abstract class SparseAndPathsGroup extends KitGroup {

    private Repository<Member, String> members() {
        return kit().repository(Member.class);
    }

    private List<String> memberIds(Filter f) {
        return members().find(Query.where(f).sortBy(asc("id"))).stream().map(Member::id).toList();
    }

    @Test
    void aSparseUniqueIndexAdmitsManyNullsButNoDuplicateValue() {
        members().insert(new Member("m1", "Ann", null));
        members().insert(new Member("m2", "Bob", null));
        members().save(new Member("m3", "Cy", null));
        members().insert(new Member("m4", "Di", "dee"));
        members().update("m4", Update.set("nickname", null));
        members().insert(new Member("m5", "Ed", "dee"));
        assertThatThrownBy(() -> members().insert(new Member("m6", "Fay", "dee"))).isInstanceOf(DuplicateKeyException.class);
        assertThat(members().findById("m4")).get().extracting(Member::nickname).isNull();
        assertThat(memberIds(Filter.eq("nickname", null))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(memberIds(Filter.eq("nickname", "dee"))).containsExactly("m5");
        if (supports(Capability.EXISTS)) {
            assertThat(memberIds(Filter.missing("nickname"))).containsExactly("m1", "m2", "m3", "m4");
        }
        assertThat(members().count(Query.all())).isEqualTo(5);
    }

    @Test
    void aPathThroughADeclaredListIsRefusedInFiltersAndSorts() {
        List<Filter> throughLists = List.of(Filter.eq("addresses.city", "Paris"), Filter.gt("addresses.city", "A"),
                Filter.exists("addresses.street"), Filter.in("addresses.postcodes", List.of("75001")));
        for (Filter f : throughLists) {
            assertThatThrownBy(() -> allTypes().find(Query.where(f).allowScan())).as("%s", f)
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("through the list");
        }
        assertThatThrownBy(() -> allTypes().find(Query.all().sortBy(asc("addresses.city")).allowScan()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'addresses'");
    }
}
