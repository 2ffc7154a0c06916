package dev.stratum.store.elastic.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code _source} JSON of the store, streamed: neutral documents written straight to a Jackson generator
 * and stored documents read straight from a Jackson parser, without the {@link ObjectMapper}'s per-value
 * serializer and deserializer dispatch, and instants written and read without {@code DateTimeFormatter}.
 *
 * <p>The text written is exactly what the store's {@code ObjectMapper} writes for a neutral document
 * (strings, booleans, ints, longs, doubles and floats as Jackson writes them; {@code BigDecimal} as its text;
 * instants truncated to milliseconds in {@code Instant.toString()} form; dates and UUIDs as their text); any
 * other value (byte arrays, big integers, …) is handed to the {@code ObjectMapper}. {@link #sameAsMapper} checks
 * this against a given mapper once, so a customised mapper that writes differently keeps the mapper's path.
 * The maps read are those Jackson's untyped deserializer builds ({@code LinkedHashMap}, {@code ArrayList},
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}), sidecar included.
 */
final class ElasticJson {
    private ElasticJson() {}

    // ------------------------------------------------------------------------- writing

    /** Writes a neutral value; values outside the neutral set go through {@code fallback}. */
    static void write(JsonGenerator g, @Nullable Object v, ObjectMapper fallback) throws IOException {
        // exact final classes first (one compare each), then the interface tests of maps and lists
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                } else {
                    g.writeFieldName(key);
                }
                write(g, e.getValue(), fallback);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (int i = 0, n = l.size(); i < n; i++) {
                write(g, l.get(i), fallback);
            }
            g.writeEndArray();
        } else if (v instanceof Instant i) {
            g.writeString(instantText(i));
        } else if (v instanceof BigDecimal b) {
            g.writeString(b.toString());
        } else if (v instanceof LocalDate d) {
            g.writeString(d.toString());
        } else if (v instanceof UUID u) {
            g.writeString(u.toString());
        } else if (v instanceof Float f) {
            g.writeNumber(f.floatValue());
        } else {
            fallback.writerFor(v.getClass()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValue(g, v);
        }
    }

    /**
     * Whether {@link #write} writes exactly what {@code mapper} writes for the neutral value kinds (checked once per
     * mapper on a sample holding each of them): a mapper customised to write some kind differently keeps its own path.
     */
    static boolean sameAsMapper(ObjectMapper mapper) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("s", "plain \"quoted\" \\ \u00e9\u4e2d\n\u0001");
        sample.put("z", null);
        sample.put("i", 42);
        sample.put("l", 1L << 53);
        sample.put("d", 0.75);
        sample.put("e", 1.0E300);
        sample.put("f", 0.1f);
        sample.put("b", true);
        sample.put("c", new BigDecimal("12.50"));
        sample.put("t", Instant.parse("2026-12-01T10:15:30.123456Z"));
        sample.put("t0", Instant.parse("1970-01-01T00:00:00Z"));
        sample.put("dt", LocalDate.of(2026, 11, 2));
        sample.put("u", new UUID(1, 2));
        sample.put("m", Map.of("k", List.of(1, "x")));
        sample.put("a", List.of());
        try {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
                write(g, sample, mapper);
            }
            return out.toString().equals(mapper.writeValueAsString(sample));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code i.truncatedTo(MILLIS).toString()}, without the formatter for years 0 to 9999. */
    static String instantText(Instant i) {
        long seconds = i.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return i.truncatedTo(ChronoUnit.MILLIS).toString();
        }
        int millis = i.getNano() / 1_000_000;
        char[] c = new char[millis == 0 ? 20 : 24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        if (millis != 0) {
            c[19] = '.';
            digits(c, 20, millis, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    // ------------------------------------------------------------------------- reading

    /**
     * Reads the object the parser is on ({@code START_OBJECT} current) into {@code into}: the top level of a
     * {@code _source}, sidecar included (a migration's copy writes what it reads back into another index).
     */
    static void readSource(JsonParser p, Map<String, Object> into) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            into.put(name, read(p, p.nextToken()));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("a _source object did not end where expected: " + p.currentToken());
        }
    }

    /** The value starting at token {@code t}, as Jackson's untyped deserializer reads it. */
    static @Nullable Object read(JsonParser p, @Nullable JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("unexpected end of a _source");
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NULL:
                return null;
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                return l;
            }
            case VALUE_EMBEDDED_OBJECT:
                return p.getEmbeddedObject();
            default:
                throw new IOException("unexpected token in a _source: " + t);
        }
    }

    /** The instant of an {@code Instant.toString()}-form text with a 4-digit year ({@code Z}, 0 to 9 fraction digits); null for any other. */
    static @Nullable Instant parseInstant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(s, 20, digits);
            if (nanos < 0) {
                return null;
            }
            for (int k = digits; k < 9; k++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The date of a {@code yyyy-MM-dd} text; null for any other. */
    static @Nullable LocalDate parseDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The non-negative number of {@code width} ASCII digits at {@code at}; -1 if any is not a digit. */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int k = at; k < at + width; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
