package io.fasterapi.pg.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values a broken or hostile server could send, and Java values that do not fit PostgreSQL's types: each gets a
 * clear exception, never a wrong value, a hang, a stack overflow or a huge allocation.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PgHostileValuesTest {

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static MemorySegment value(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.write(new DataOutputStream(bytes));
        return MemorySegment.ofArray(bytes.toByteArray());
    }

    private static Object decode(int oid, MemorySegment s) {
        return PgBinaryCodec.decode(oid, s, 0, (int) s.byteSize(), PgLimits.defaults());
    }

    private static void assertMalformed(int oid, MemorySegment s) {
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> decode(oid, s));
        assertEquals("malformed_value", e.reason(), e.getMessage());
    }

    @Test
    void arraysTakeTheirElementTypeFromTheColumnNotFromTheWire() throws IOException {
        // An int4[] whose header claims int4[] elements: would nest (and recurse) without end.
        MemorySegment nested = value(out -> {
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4_ARRAY);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(12);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4);
        });
        assertMalformed(PgTypes.INT4_ARRAY, nested);
        // A text[] that claims int4 elements.
        MemorySegment confused = value(out -> {
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(4);
            out.writeInt(42);
        });
        assertMalformed(PgTypes.TEXT_ARRAY, confused);
        // The same value with the right element type decodes.
        MemorySegment fine = value(out -> {
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(4);
            out.writeInt(42);
        });
        assertEquals(List.of(42), decode(PgTypes.INT4_ARRAY, fine));
    }

    @Test
    void arrayDimensionsThatPromiseMoreThanTheBytesHoldAreRefusedBeforeAllocating() throws IOException {
        // 16,777,216 x 0: zero elements, but 16.7 M empty lists if believed.
        assertMalformed(PgTypes.INT4_ARRAY, value(out -> {
            out.writeInt(2);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4);
            out.writeInt(16_777_216);
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(1);
        }));
        // 1,000,000 elements announced in a few bytes.
        assertMalformed(PgTypes.INT4_ARRAY, value(out -> {
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(PgTypes.INT4);
            out.writeInt(1_000_000);
            out.writeInt(1);
            out.writeInt(4);
            out.writeInt(1);
        }));
    }

    @Test
    void numericWithBadSignOrDigitGroupsIsMalformed() throws IOException {
        assertMalformed(PgTypes.NUMERIC, numeric(0x1234, 0, 1));
        assertMalformed(PgTypes.NUMERIC, numeric(0, 0, 1, -1));
        assertMalformed(PgTypes.NUMERIC, numeric(0, 0, 1, 20_000));
        assertMalformed(PgTypes.NUMERIC, numeric(0, 0, 0, 1, 1, 1, 1, 10_000));
        // Digits past the display scale: the server never sends them.
        assertMalformed(PgTypes.NUMERIC, numeric(0, 0, 0, 1, 5000));
        assertEquals(new BigDecimal("1.5000"), decode(PgTypes.NUMERIC, numeric(0, 0, 4, 1, 5000)));
    }

    /** ndigits, weight, sign, dscale, digits: weight is the first digit group's power of 10,000. */
    private static MemorySegment numeric(int sign, int weight, int dscale, int... digits) throws IOException {
        return value(out -> {
            out.writeShort(digits.length);
            out.writeShort(weight);
            out.writeShort(sign);
            out.writeShort(dscale);
            for (int d : digits) {
                out.writeShort(d);
            }
        });
    }

    @Test
    void timesOutsideTheDayAndAbsurdZonesAreMalformed() throws IOException {
        assertMalformed(PgTypes.TIME, value(out -> out.writeLong(-1)));
        assertMalformed(PgTypes.TIME, value(out -> out.writeLong(86_400_000_001L)));
        assertEquals(java.time.LocalTime.MAX, decode(PgTypes.TIME, value(out -> out.writeLong(86_400_000_000L))));
        assertMalformed(PgTypes.TIMETZ, value(out -> {
            out.writeLong(0);
            out.writeInt(Integer.MIN_VALUE);
        }));
    }

    @Test
    void timestampsNearPostgresLimitsKeepTheirYear() throws IOException {
        // 294276-12-31 23:59:59.999999, PostgreSQL's last timestamp: adding the epoch first overflowed a long.
        long last = 9_223_371_331_199_999_999L;
        LocalDateTime t = (LocalDateTime) decode(PgTypes.TIMESTAMP, value(out -> out.writeLong(last)));
        assertEquals(LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000), t);
        java.time.OffsetDateTime tz = (java.time.OffsetDateTime) decode(PgTypes.TIMESTAMPTZ, value(out -> out.writeLong(last)));
        assertEquals(294_276, tz.getYear());
        // 4714-11-24 BC, the first one.
        LocalDateTime first = (LocalDateTime) decode(PgTypes.TIMESTAMP, value(out -> out.writeLong(-211_813_488_000_000_000L)));
        assertEquals(-4713, first.getYear());
    }

    @Test
    void javaValuesThatDoNotFitAreRefusedQuickly() {
        long t0 = System.nanoTime();
        assertThrows(ArithmeticException.class, () -> PgBinaryCodec.numeric(new BigDecimal("1E+99999999")));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "refused before expanding the digits");
        assertThrows(ArithmeticException.class, () -> PgBinaryCodec.numeric(new BigDecimal("1E+131072")));
        assertThrows(ArithmeticException.class, () -> PgBinaryCodec.numeric(new BigDecimal(java.math.BigInteger.ONE, 65_541)));
        short[] max = PgBinaryCodec.numeric(new BigDecimal("1E+131071"));
        assertEquals(32_767, max[1], "weight at the top of its range");
        assertThrows(ArithmeticException.class, () -> PgBinaryCodec.daysSincePgEpoch(LocalDate.of(11_800_000, 1, 1)));
        assertThrows(ArithmeticException.class,
                () -> PgBinaryCodec.micros(LocalDateTime.of(-290_290, 1, 1, 0, 0).toInstant(java.time.ZoneOffset.UTC)));
    }

    @Test
    void writerRefusesCountsAndTextTheProtocolCannotCarry() {
        PgMessageWriter w = new PgMessageWriter(64);
        assertThrows(IllegalArgumentException.class, () -> w.beginBind("", "s1", new short[65_536]));
        PgMessageWriter w2 = new PgMessageWriter(64);
        assertThrows(IllegalArgumentException.class, () -> w2.parse("", "SELECT 1", new int[65_537]));
        PgMessageWriter w3 = new PgMessageWriter(64);
        assertThrows(IllegalArgumentException.class, () -> w3.query("SELECT 'a\uD800b'"));
        assertThrows(IllegalArgumentException.class, () -> new PgMessageWriter(64).query("SELECT 'a\u0000'"));
        PgMessageWriter ok = new PgMessageWriter(64);
        ok.query("SELECT 'é\uD83D\uDE00'");
        assertEquals(1 + 4 + "SELECT 'é😀'".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1, ok.size());
    }
}
