package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import io.fasterapi.pg.protocol.PgInterval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every type with a codec, both directions, checked against psql: for each literal, (1) psql prints the
 * value's text (the oracle), (2) our binary decoding gives the expected Java value, (3) our text decoding
 * (simple protocol) gives the same, (4) the Java value bound as a binary parameter and cast to text by the
 * server gives psql's text again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgTypesTest {
    private static final String SETTINGS = "SET IntervalStyle = iso_8601; SET extra_float_digits = 3; ";
    static PgConnection c;

    @BeforeAll
    static void connect() {
        c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER);
        c.simpleQuery("DROP TYPE IF EXISTS mood; CREATE TYPE mood AS ENUM ('happy', 'sad')").join();
        PgCluster.get().psql("SELECT 1");
    }

    @AfterAll
    static void close() {
        if (c != null) {
            c.close();
        }
    }

    static Stream<Arguments> values() {
        String nines = "9".repeat(1000);
        return Stream.of(
                Arguments.of("int2", "32767", (short) 32767),
                Arguments.of("int2", "'-32768'", (short) -32768),
                Arguments.of("int4", "2147483647", 2147483647),
                Arguments.of("int4", "-1", -1),
                Arguments.of("int8", "9223372036854775807", Long.MAX_VALUE),
                Arguments.of("float4", "1.5", 1.5f),
                Arguments.of("float4", "'NaN'", Float.NaN),
                Arguments.of("float8", "3.141592653589793", Math.PI),
                Arguments.of("float8", "'-Infinity'", Double.NEGATIVE_INFINITY),
                Arguments.of("float8", "1e-300", 1e-300),
                Arguments.of("numeric", "0", new BigDecimal("0")),
                Arguments.of("numeric", "123.4500", new BigDecimal("123.4500")),
                Arguments.of("numeric", "-0.0001", new BigDecimal("-0.0001")),
                Arguments.of("numeric", "0.00000000000000000001", new BigDecimal("0.00000000000000000001")),
                Arguments.of("numeric", "100000", new BigDecimal("100000")),
                Arguments.of("numeric", "'NaN'", Double.NaN),
                Arguments.of("numeric", "'Infinity'", Double.POSITIVE_INFINITY),
                Arguments.of("numeric", "'-Infinity'", Double.NEGATIVE_INFINITY),
                Arguments.of("numeric", nines + ".5", new BigDecimal(nines + ".5")),
                Arguments.of("bool", "true", true),
                Arguments.of("bool", "false", false),
                Arguments.of("text", "'héllo ✓'", "héllo ✓"),
                Arguments.of("text", "''", ""),
                Arguments.of("varchar(10)", "'abc'", "abc"),
                Arguments.of("char(5)", "'ab'", "ab   "),
                Arguments.of("name", "'pg'", "pg"),
                Arguments.of("bytea", "'\\x00ff10'", new byte[] {0, (byte) 0xff, 0x10}),
                Arguments.of("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                Arguments.of("date", "'2024-02-29'", LocalDate.of(2024, 2, 29)),
                Arguments.of("date", "'infinity'", LocalDate.MAX),
                Arguments.of("date", "'-infinity'", LocalDate.MIN),
                Arguments.of("date", "'0044-03-15 BC'", LocalDate.of(-43, 3, 15)),
                Arguments.of("time", "'23:59:59.999999'", LocalTime.of(23, 59, 59, 999_999_000)),
                Arguments.of("timetz", "'12:34:56+05:30'", OffsetTime.of(12, 34, 56, 0, ZoneOffset.ofHoursMinutes(5, 30))),
                Arguments.of("timestamp", "'2024-01-02 03:04:05.123456'", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)),
                Arguments.of("timestamp", "'infinity'", LocalDateTime.MAX),
                Arguments.of("timestamp", "'-infinity'", LocalDateTime.MIN),
                Arguments.of("timestamptz", "'2024-01-02 03:04:05.123456+02'",
                        OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 123_456_000, ZoneOffset.UTC)),
                Arguments.of("timestamptz", "'infinity'", OffsetDateTime.MAX),
                Arguments.of("interval", "'1 year 2 months 3 days 04:05:06.5'", new PgInterval(14, 3, 14_706_500_000L)),
                Arguments.of("interval", "'-1 day'", new PgInterval(0, -1, 0)),
                Arguments.of("interval", "'0'", new PgInterval(0, 0, 0)),
                Arguments.of("json", "'{\"a\":  1}'", "{\"a\":  1}"),
                Arguments.of("jsonb", "'{\"a\": 1, \"b\": [1, 2]}'", "{\"a\": 1, \"b\": [1, 2]}"),
                Arguments.of("int4[]", "'{1,2,NULL,4}'", Arrays.asList(1, 2, null, 4)),
                Arguments.of("text[]", "'{\"a b\",\"c\\\"d\",NULL,e}'", Arrays.asList("a b", "c\"d", null, "e")),
                Arguments.of("int4[][]", "'{{1,2},{3,4}}'", List.of(List.of(1, 2), List.of(3, 4))),
                Arguments.of("int8[]", "'{}'", List.of()),
                Arguments.of("numeric[]", "'{1.5,-2}'", List.of(new BigDecimal("1.5"), new BigDecimal("-2"))),
                Arguments.of("date[]", "'{2024-01-01,infinity}'", List.of(LocalDate.of(2024, 1, 1), LocalDate.MAX)),
                Arguments.of("uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'",
                        List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))),
                Arguments.of("mood", "'happy'", "happy"),
                Arguments.of("point", "'(1,2)'", "(1,2)"));
    }

    @ParameterizedTest(name = "{1}::{0}")
    @MethodSource("values")
    void roundTripAgainstPsql(String type, String literal, Object expected) {
        String select = "SELECT " + literal + "::" + type;
        String oracle = PgCluster.get().psql(SETTINGS + "SELECT (" + literal + "::" + type + ")::text");
        Object binary = c.query(select).join().one().getValue(0);
        assertValue(expected, binary, "binary");
        Object text = c.simpleQuery(select).join().getFirst().one().getValue(0);
        assertValue(expected, text, "text");
        if (!(expected instanceof LocalTime t && t.equals(LocalTime.MAX))) {
            String back = c.query("SELECT $1::" + type + "::text", expected).join().one().getString(0);
            assertEquals(oracle, back, "our binary parameter, printed by the server");
        }
    }

    private static void assertValue(Object expected, Object actual, String how) {
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual, how);
        } else if (expected instanceof BigDecimal b) {
            assertEquals(b, actual, how);
            assertEquals(b.scale(), ((BigDecimal) actual).scale(), how + " scale");
        } else {
            assertEquals(expected, actual, how);
        }
    }

    @Test
    void typedGettersConvertAndNullsAreClear() {
        PgRow row = c.query("SELECT 5::int2 AS s, 6::int8 AS l, 2.5::float4 AS f, NULL::int4 AS n, "
                + "'2024-01-01 00:00:00+00'::timestamptz AS t, 12.50::numeric AS m").join().one();
        assertEquals(5, row.getInt("s"));
        assertEquals(6, row.getInt("l"));
        assertEquals(2.5, row.getDouble("f"));
        assertEquals("5", row.getString("s"));
        assertTrue(row.isNull("n"));
        assertEquals(null, row.getValue("n"));
        NullPointerException npe = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> row.getInt("n"));
        assertTrue(npe.getMessage().contains("column n is NULL"));
        assertEquals(java.time.Instant.parse("2024-01-01T00:00:00Z"), row.getInstant("t"));
        assertEquals(new BigDecimal("12.50"), row.getBigDecimal("m"));
        IllegalStateException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> row.getLocalDate("s"));
        assertTrue(wrong.getMessage().contains("column s (int2) cannot be read as a LocalDate"), wrong.getMessage());
    }

    public record Item(long id, String name, BigDecimal price, LocalDate createdOn) {}

    @Test
    void rowsMapToRecords() {
        List<Item> items = c.query("SELECT 1::int8 AS id, 'lamp' AS name, 9.99::numeric AS price, "
                + "'2024-05-01'::date AS created_on UNION ALL SELECT 2, 'desk', 120, '2024-05-02'").join().as(Item.class);
        assertEquals(List.of(new Item(1, "lamp", new BigDecimal("9.99"), LocalDate.of(2024, 5, 1)),
                new Item(2, "desk", new BigDecimal("120"), LocalDate.of(2024, 5, 2))), items);
    }

    public record Described(long id, String name, java.util.Optional<String> description, java.util.Optional<LocalDate> due,
                            java.util.OptionalInt stock, java.util.OptionalLong views, java.util.OptionalDouble rating) {}

    /** NULL in an Optional component is Optional.empty(); a value is Optional.of(it), converted as the bare type would be. */
    @Test
    void optionalComponentsTakeNullAsEmpty() {
        List<Described> rows = c.query("SELECT 1::int8 AS id, 'lamp' AS name, 'bright'::text AS description, "
                + "'2024-06-01'::date AS due, 3::int4 AS stock, 40::int8 AS views, 4.5::float8 AS rating "
                + "UNION ALL SELECT 2, 'desk', NULL, NULL, NULL, NULL, NULL").join().as(Described.class);
        assertEquals(new Described(1, "lamp", java.util.Optional.of("bright"), java.util.Optional.of(LocalDate.of(2024, 6, 1)),
                java.util.OptionalInt.of(3), java.util.OptionalLong.of(40), java.util.OptionalDouble.of(4.5)), rows.get(0));
        assertEquals(new Described(2, "desk", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), java.util.OptionalDouble.empty()), rows.get(1));
        assertEquals(java.util.Optional.of(rows.get(1)), c.query("SELECT 2::int8 AS id, 'desk' AS name, NULL::text AS description, "
                + "NULL::date AS due, NULL::int4 AS stock, NULL::int8 AS views, NULL::float8 AS rating").join().oneAs(Described.class));
    }
}
