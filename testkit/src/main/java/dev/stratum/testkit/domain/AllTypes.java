package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One property of every value type Stratum supports, for the mapping-fidelity checks.
 *
 * <p>{@code attributes} is an untyped map: its values must be JSON-like (strings, booleans, numbers,
 * null, lists and maps), since document stores without a type system cannot give back more.
 * Integral numbers in it may come back as {@code Integer} or {@code Long}; the kit compares them by
 * value.
 *
 * @param id the id; null until inserted
 * @param text a string
 * @param flag a boolean
 * @param count an int
 * @param total a long
 * @param ratio a double
 * @param amount a decimal
 * @param at an instant (stored with millisecond precision)
 * @param day a date
 * @param ref a UUID value (not the id)
 * @param level an enum
 * @param blob binary data
 * @param address a nested record
 * @param names a list of strings
 * @param numbers a list of longs
 * @param addresses a list of nested records
 * @param attributes an untyped nested map
 * @param scores a typed map
 * @param addressBook a map of nested records
 * @param optionalCount a boxed int that may be null
 * @param optionalFlag a boxed boolean that may be null
 */
@Entity("kit_all_types")
@SuppressWarnings("ArrayRecordComponent") // byte[] is one of the mapped value types every store is tested with
public record AllTypes(
        @Id @Nullable UUID id,
        @Nullable String text,
        boolean flag,
        int count,
        long total,
        double ratio,
        @Nullable BigDecimal amount,
        @Nullable Instant at,
        @Nullable LocalDate day,
        @Nullable UUID ref,
        @Nullable Level level,
        byte @Nullable [] blob,
        @Nullable Address address,
        @Nullable List<String> names,
        @Nullable List<Long> numbers,
        @Nullable List<Address> addresses,
        @Nullable Map<String, Object> attributes,
        @Nullable Map<String, Integer> scores,
        @Nullable Map<String, Address> addressBook,
        @Nullable Integer optionalCount,
        @Nullable Boolean optionalFlag) {

    /** An enum. */
    public enum Level { LOW, MEDIUM, HIGH, CRITICAL }

    /**
     * A nested record holding a nested list.
     *
     * @param street street
     * @param city city
     * @param postcodes postcodes
     */
    public record Address(String street, String city, List<String> postcodes) {}

    /** An instance with every nullable property null and every primitive zero. */
    public static AllTypes empty(@Nullable UUID id) {
        return new AllTypes(id, null, false, 0, 0, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This instance with another text. */
    public AllTypes withText(@Nullable String text) {
        return new AllTypes(id, text, flag, count, total, ratio, amount, at, day, ref, level, blob, address, names, numbers, addresses,
                attributes, scores, addressBook, optionalCount, optionalFlag);
    }

    /** This instance with another attribute map. */
    public AllTypes withAttributes(@Nullable Map<String, Object> attributes) {
        return new AllTypes(id, text, flag, count, total, ratio, amount, at, day, ref, level, blob, address, names, numbers, addresses,
                attributes, scores, addressBook, optionalCount, optionalFlag);
    }

    /** This instance with another instant. */
    public AllTypes withAt(@Nullable Instant at) {
        return new AllTypes(id, text, flag, count, total, ratio, amount, at, day, ref, level, blob, address, names, numbers, addresses,
                attributes, scores, addressBook, optionalCount, optionalFlag);
    }

    /** This instance with another amount. */
    public AllTypes withAmount(@Nullable BigDecimal amount) {
        return new AllTypes(id, text, flag, count, total, ratio, amount, at, day, ref, level, blob, address, names, numbers, addresses,
                attributes, scores, addressBook, optionalCount, optionalFlag);
    }

    /** This instance with another id. */
    public AllTypes withId(@Nullable UUID id) {
        return new AllTypes(id, text, flag, count, total, ratio, amount, at, day, ref, level, blob, address, names, numbers, addresses,
                attributes, scores, addressBook, optionalCount, optionalFlag);
    }
}
