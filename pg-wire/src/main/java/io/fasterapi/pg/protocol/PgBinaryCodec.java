package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Values in PostgreSQL's binary format ({@code typsend}/{@code typreceive}), big-endian:
 * <ul>
 *   <li>int2/int4/int8, float4/float8 (IEEE 754), bool (one byte), oid (unsigned int4);</li>
 *   <li>numeric: {@code Int16 ndigits, Int16 weight, Int16 sign, Int16 dscale, Int16 digits[ndigits]} in base
 *       10,000 (sign {@code 0x0000} +, {@code 0x4000} -, {@code 0xC000} NaN, {@code 0xD000} +Infinity,
 *       {@code 0xF000} -Infinity);</li>
 *   <li>date: days since 2000-01-01 (int4); time: microseconds since midnight (int8); timetz: that and the
 *       zone in seconds <i>west</i> of UTC (int4); timestamp and timestamptz: microseconds since
 *       2000-01-01 00:00 (UTC for timestamptz); infinities are the extreme int4/int8 values;</li>
 *   <li>interval: {@code Int64 microseconds, Int32 days, Int32 months}; uuid: 16 bytes; jsonb: version byte
 *       1 then text; text types, json, xml: UTF-8;</li>
 *   <li>arrays: {@code Int32 ndim, Int32 has-nulls, Int32 element OID, (Int32 size, Int32 lower bound)[ndim],
 *       (Int32 length or -1, bytes)*}.</li>
 * </ul>
 * Decoding maps infinite dates and timestamps to the Java types' MIN and MAX, numeric NaN and infinities to
 * {@link Double} (BigDecimal has none), time 24:00:00 to {@link LocalTime#MAX}.
 */
public final class PgBinaryCodec {
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** 2000-01-01 in days since 1970-01-01. */
    static final long PG_EPOCH_DAYS = 10_957;
    /** 2000-01-01T00:00Z in microseconds since 1970-01-01T00:00Z. */
    static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long PG_EPOCH_SECONDS = PG_EPOCH_DAYS * 86_400L;
    /** ZoneOffset's range (PostgreSQL's own is narrower). */
    private static final int MAX_ZONE_SECONDS = 18 * 3600;
    /** PostgreSQL's numeric limits: digits before the point, and display scale. */
    private static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_MAX_DSCALE = 0x3FFF;
    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private PgBinaryCodec() {}

    // ---------------------------------------------------------------- decoding

    /** The value of a column of type {@code oid} in binary format, as its natural Java type. */
    public static Object decode(int oid, MemorySegment s, long at, int length, PgLimits limits) {
        return switch (oid) {
            case PgTypes.BOOL -> decodeBool(s, at, length);
            case PgTypes.INT2 -> (short) decodeLong(oid, s, at, length);
            case PgTypes.INT4 -> (int) decodeLong(oid, s, at, length);
            case PgTypes.INT8, PgTypes.OID -> decodeLong(oid, s, at, length);
            case PgTypes.FLOAT4 -> (float) decodeDouble(oid, s, at, length);
            case PgTypes.FLOAT8 -> decodeDouble(oid, s, at, length);
            case PgTypes.NUMERIC -> decodeNumeric(s, at, length);
            case PgTypes.BYTEA -> s.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
            case PgTypes.CHAR -> length == 0 ? "" : String.valueOf((char) (s.get(ValueLayout.JAVA_BYTE, at) & 0xFF));
            case PgTypes.UUID -> decodeUuid(s, at, length);
            case PgTypes.DATE -> decodeDate(s, at, length);
            case PgTypes.TIME -> decodeTime(s, at, length);
            case PgTypes.TIMETZ -> decodeTimeTz(s, at, length);
            case PgTypes.TIMESTAMP -> decodeTimestamp(s, at, length);
            case PgTypes.TIMESTAMPTZ -> decodeTimestampTz(s, at, length);
            case PgTypes.INTERVAL -> decodeInterval(s, at, length);
            case PgTypes.JSONB -> decodeJsonb(s, at, length);
            default -> {
                int element = PgTypes.elementOf(oid);
                yield element != 0 ? decodeArray(oid, s, at, length, limits) : utf8(s, at, length);
            }
        };
    }

    public static boolean decodeBool(MemorySegment s, long at, int length) {
        check(length == 1, PgTypes.BOOL, length);
        return s.get(ValueLayout.JAVA_BYTE, at) != 0;
    }

    /** int2, int4, int8 and oid as a long. */
    public static long decodeLong(int oid, MemorySegment s, long at, int length) {
        return switch (oid) {
            case PgTypes.INT2 -> {
                check(length == 2, oid, length);
                yield s.get(SHORT_BE, at);
            }
            case PgTypes.INT4 -> {
                check(length == 4, oid, length);
                yield s.get(INT_BE, at);
            }
            case PgTypes.OID -> {
                check(length == 4, oid, length);
                yield Integer.toUnsignedLong(s.get(INT_BE, at));
            }
            case PgTypes.INT8 -> {
                check(length == 8, oid, length);
                yield s.get(LONG_BE, at);
            }
            default -> throw new IllegalArgumentException(PgTypes.name(oid) + " is not an integer type");
        };
    }

    /** float4 and float8 as a double. */
    public static double decodeDouble(int oid, MemorySegment s, long at, int length) {
        if (oid == PgTypes.FLOAT4) {
            check(length == 4, oid, length);
            return s.get(FLOAT_BE, at);
        }
        check(oid == PgTypes.FLOAT8 && length == 8, oid, length);
        return s.get(DOUBLE_BE, at);
    }

    /** A BigDecimal, or a Double for NaN and the infinities. */
    public static Object decodeNumeric(MemorySegment s, long at, int length) {
        check(length >= 8, PgTypes.NUMERIC, length);
        int ndigits = Short.toUnsignedInt(s.get(SHORT_BE, at));
        int weight = s.get(SHORT_BE, at + 2);
        int sign = Short.toUnsignedInt(s.get(SHORT_BE, at + 4));
        int dscale = Short.toUnsignedInt(s.get(SHORT_BE, at + 6));
        check(length == 8 + 2 * ndigits, PgTypes.NUMERIC, length);
        if (sign != 0 && sign != NUMERIC_NEG && sign != NUMERIC_NAN && sign != NUMERIC_PINF && sign != NUMERIC_NINF) {
            throw new PgProtocolException("malformed_value", "numeric sign 0x" + Integer.toHexString(sign));
        }
        for (int i = 0; i < ndigits; i++) {
            int d = s.get(SHORT_BE, at + 8 + 2L * i);
            if (d < 0 || d > 9999) {
                throw new PgProtocolException("malformed_value", "numeric digit group " + d + " outside 0-9999");
            }
        }
        switch (sign) {
            case NUMERIC_NAN -> {
                return Double.NaN;
            }
            case NUMERIC_PINF -> {
                return Double.POSITIVE_INFINITY;
            }
            case NUMERIC_NINF -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                // fall through: a number
            }
        }
        if (ndigits == 0) {
            return BigDecimal.ZERO.setScale(dscale);
        }
        BigInteger unscaled;
        if (ndigits <= 4) {
            long v = 0;
            for (int i = 0; i < ndigits; i++) {
                v = v * 10_000 + s.get(SHORT_BE, at + 8 + 2L * i);
            }
            unscaled = BigInteger.valueOf(v);
        } else {
            StringBuilder digits = new StringBuilder(ndigits * 4);
            for (int i = 0; i < ndigits; i++) {
                int d = s.get(SHORT_BE, at + 8 + 2L * i);
                if (i > 0) {
                    digits.append((char) ('0' + d / 1000)).append((char) ('0' + d / 100 % 10))
                            .append((char) ('0' + d / 10 % 10)).append((char) ('0' + d % 10));
                } else {
                    digits.append(d);
                }
            }
            unscaled = new BigInteger(digits.toString());
        }
        // The last digit group stands for 10000^(weight - ndigits + 1).
        BigDecimal value = new BigDecimal(unscaled, -4 * (weight - ndigits + 1));
        try {
            value = value.setScale(dscale, java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new PgProtocolException("malformed_value", "numeric digits beyond its display scale " + dscale);
        }
        return sign == NUMERIC_NEG ? value.negate() : value;
    }

    public static UUID decodeUuid(MemorySegment s, long at, int length) {
        check(length == 16, PgTypes.UUID, length);
        return new UUID(s.get(LONG_BE, at), s.get(LONG_BE, at + 8));
    }

    public static LocalDate decodeDate(MemorySegment s, long at, int length) {
        check(length == 4, PgTypes.DATE, length);
        int days = s.get(INT_BE, at);
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(PG_EPOCH_DAYS + days);
    }

    public static LocalTime decodeTime(MemorySegment s, long at, int length) {
        check(length == 8, PgTypes.TIME, length);
        return time(s.get(LONG_BE, at));
    }

    public static OffsetTime decodeTimeTz(MemorySegment s, long at, int length) {
        check(length == 12, PgTypes.TIMETZ, length);
        int secondsWest = s.get(INT_BE, at + 8);
        if (secondsWest < -MAX_ZONE_SECONDS || secondsWest > MAX_ZONE_SECONDS) {
            throw new PgProtocolException("malformed_value", "timetz zone offset of " + secondsWest + " seconds");
        }
        return OffsetTime.of(time(s.get(LONG_BE, at)), ZoneOffset.ofTotalSeconds(-secondsWest));
    }

    /** 0 to 24:00:00 (PostgreSQL allows the end of the day, shown here as {@link LocalTime#MAX}). */
    private static LocalTime time(long micros) {
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw new PgProtocolException("malformed_value", "time of " + micros + " microseconds");
        }
        return micros == MICROS_PER_DAY ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    public static LocalDateTime decodeTimestamp(MemorySegment s, long at, int length) {
        check(length == 8, PgTypes.TIMESTAMP, length);
        long micros = s.get(LONG_BE, at);
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return LocalDateTime.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    public static OffsetDateTime decodeTimestampTz(MemorySegment s, long at, int length) {
        check(length == 8, PgTypes.TIMESTAMPTZ, length);
        long micros = s.get(LONG_BE, at);
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000).atOffset(ZoneOffset.UTC);
    }

    public static PgInterval decodeInterval(MemorySegment s, long at, int length) {
        check(length == 16, PgTypes.INTERVAL, length);
        return new PgInterval(s.get(INT_BE, at + 12), s.get(INT_BE, at + 8), s.get(LONG_BE, at));
    }

    public static String decodeJsonb(MemorySegment s, long at, int length) {
        check(length >= 1 && s.get(ValueLayout.JAVA_BYTE, at) == 1, PgTypes.JSONB, length);
        return utf8(s, at + 1, length - 1);
    }

    /** A one-dimensional array as a List; more dimensions as nested Lists; an empty array as an empty List. */
    public static List<Object> decodeArray(int oid, MemorySegment s, long at, int length, PgLimits limits) {
        check(length >= 12, oid, length);
        long end = at + length;
        int dimensions = s.get(INT_BE, at);
        int element = s.get(INT_BE, at + 8);
        if (element != PgTypes.elementOf(oid)) {
            // The element type is the column's, not the server's word: else an array could nest without end.
            throw new PgProtocolException("malformed_value", PgTypes.name(oid) + " value with elements of oid " + element);
        }
        if (dimensions == 0) {
            return List.of();
        }
        if (dimensions < 0 || dimensions > limits.maxArrayDimensions()) {
            throw new PgProtocolException("array_too_deep", dimensions + " array dimensions (limit "
                    + limits.maxArrayDimensions() + ", PgLimits.maxArrayDimensions)");
        }
        check(length >= 12 + 8L * dimensions, oid, length);
        int[] sizes = new int[dimensions];
        long total = 1;
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = s.get(INT_BE, at + 12 + 8L * d);
            if (sizes[d] <= 0) {
                // PostgreSQL sends an empty array with no dimensions, never a dimension of 0.
                throw new PgProtocolException("malformed_value", "array dimension of " + sizes[d] + " elements");
            }
            total *= sizes[d];
            if (total > limits.maxArrayElements()) {
                throw new PgProtocolException("array_too_large", "array of " + total + "+ elements (limit "
                        + limits.maxArrayElements() + ", PgLimits.maxArrayElements)");
            }
        }
        if (total * 4 > end - (at + 12 + 8L * dimensions)) {
            throw new PgProtocolException("malformed_value", "array of " + total + " elements in "
                    + (end - at) + " bytes");
        }
        long[] cursor = {at + 12 + 8L * dimensions};
        List<Object> result = readDimension(element, sizes, 0, s, cursor, end, limits);
        if (cursor[0] != end) {
            throw new PgProtocolException("malformed_value", "array data does not match its dimensions");
        }
        return result;
    }

    private static List<Object> readDimension(int element, int[] sizes, int d, MemorySegment s, long[] cursor,
                                              long end, PgLimits limits) {
        List<Object> list = new ArrayList<>(sizes[d]);
        for (int i = 0; i < sizes[d]; i++) {
            if (d + 1 < sizes.length) {
                list.add(readDimension(element, sizes, d + 1, s, cursor, end, limits));
                continue;
            }
            long p = cursor[0];
            if (p + 4 > end) {
                throw new PgProtocolException("malformed_value", "array element runs past the value");
            }
            int n = s.get(INT_BE, p);
            if (n < -1 || p + 4 + Math.max(n, 0) > end) {
                throw new PgProtocolException("malformed_value", "array element of " + n + " bytes runs past the value");
            }
            list.add(n == -1 ? null : decode(element, s, p + 4, n, limits));
            cursor[0] = p + 4 + Math.max(n, 0);
        }
        return list;
    }

    public static String utf8(MemorySegment s, long at, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void check(boolean ok, int oid, int length) {
        if (!ok) {
            throw new PgProtocolException("malformed_value", "a " + PgTypes.name(oid) + " value of " + length
                    + " bytes is not valid");
        }
    }

    // ---------------------------------------------------------------- encoding

    /** Epoch microseconds of PostgreSQL's epoch: for encoders. */
    static long micros(Instant instant) {
        return Math.subtractExact(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000), PG_EPOCH_MICROS);
    }

    /**
     * The numeric wire form of {@code value}: returns the Int16 fields {@code [ndigits, weight, sign, dscale,
     * digits...]}.
     */
    static short[] numeric(BigDecimal value) {
        BigDecimal abs = value.abs();
        // Bounded before the value is expanded to digits (1E+99999999 would take minutes and gigabytes).
        if (abs.scale() > NUMERIC_MAX_DSCALE) {
            throw new ArithmeticException("numeric scale " + abs.scale() + " is above PostgreSQL's " + NUMERIC_MAX_DSCALE);
        }
        if (abs.signum() != 0 && (long) abs.precision() - abs.scale() > NUMERIC_MAX_INTEGER_DIGITS) {
            throw new ArithmeticException("numeric with " + ((long) abs.precision() - abs.scale())
                    + " digits before the point: PostgreSQL takes " + NUMERIC_MAX_INTEGER_DIGITS);
        }
        int dscale = Math.max(abs.scale(), 0);
        String plain = abs.setScale(dscale).toPlainString();
        int dot = plain.indexOf('.');
        String integer = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        if (integer.equals("0")) {
            integer = "";
        }
        int integerGroups = (integer.length() + 3) / 4;
        String padded = "0".repeat(integerGroups * 4 - integer.length()) + integer
                + fraction + "0".repeat((4 - fraction.length() % 4) % 4);
        int groups = padded.length() / 4;
        short[] digits = new short[groups];
        for (int i = 0; i < groups; i++) {
            digits[i] = Short.parseShort(padded.substring(4 * i, 4 * i + 4));
        }
        int first = 0;
        while (first < groups && digits[first] == 0) {
            first++;
        }
        int last = groups - 1;
        while (last >= first && digits[last] == 0) {
            last--;
        }
        int ndigits = Math.max(0, last - first + 1);
        int weight = ndigits == 0 ? 0 : integerGroups - 1 - first;
        short[] out = new short[4 + ndigits];
        out[0] = (short) ndigits;
        out[1] = (short) weight;
        out[2] = (short) (value.signum() < 0 && ndigits > 0 ? NUMERIC_NEG : 0);
        out[3] = (short) dscale;
        System.arraycopy(digits, first, out, 4, ndigits);
        return out;
    }

    static short[] numericSpecial(double value) {
        int sign = Double.isNaN(value) ? NUMERIC_NAN : value > 0 ? NUMERIC_PINF : NUMERIC_NINF;
        return new short[] {0, 0, (short) sign, 0};
    }

    static long daysSincePgEpoch(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (date.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        long days = date.toEpochDay() - PG_EPOCH_DAYS;
        if (days >= Integer.MAX_VALUE || days <= Integer.MIN_VALUE) {
            throw new ArithmeticException(date + " is outside PostgreSQL's date range");
        }
        return days;
    }
}
