package io.fasterapi.pg.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Binds Java values to parameters of known types ({@link PgBinaryCodec} describes the binary forms). A
 * parameter whose type has a binary codec is sent in binary; any other type (enums, extension types) is sent
 * as text, which the server parses with the type's input function. A value that does not fit its parameter
 * type raises {@link IllegalArgumentException} naming the parameter, its type and the value's class.
 */
public final class PgParamEncoder {
    public static final short TEXT = 0;
    public static final short BINARY = 1;

    private PgParamEncoder() {}

    /** The format a parameter of type {@code oid} is sent in. */
    public static short format(int oid) {
        return oid != PgTypes.UNSPECIFIED && PgTypes.hasBinaryCodec(oid) ? BINARY : TEXT;
    }

    /**
     * The parameter type to declare for {@code value} when the server is not asked first (PgBouncer-safe mode:
     * Parse, Bind and Execute in one go). Strings and unknown classes are left to the server ({@code 0}, text).
     */
    public static int inferType(Object value) {
        return switch (value) {
            case null -> PgTypes.UNSPECIFIED;
            case Integer i -> PgTypes.INT4;
            case Long l -> PgTypes.INT8;
            case Short s -> PgTypes.INT2;
            case Double d -> PgTypes.FLOAT8;
            case Float f -> PgTypes.FLOAT4;
            case BigDecimal b -> PgTypes.NUMERIC;
            case BigInteger b -> PgTypes.NUMERIC;
            case Boolean b -> PgTypes.BOOL;
            case byte[] b -> PgTypes.BYTEA;
            case UUID u -> PgTypes.UUID;
            case LocalDate d -> PgTypes.DATE;
            case LocalTime t -> PgTypes.TIME;
            case OffsetTime t -> PgTypes.TIMETZ;
            case LocalDateTime t -> PgTypes.TIMESTAMP;
            case OffsetDateTime t -> PgTypes.TIMESTAMPTZ;
            case ZonedDateTime t -> PgTypes.TIMESTAMPTZ;
            case Instant t -> PgTypes.TIMESTAMPTZ;
            case PgInterval i -> PgTypes.INTERVAL;
            case Duration d -> PgTypes.INTERVAL;
            default -> PgTypes.UNSPECIFIED;
        };
    }

    /**
     * Writes parameter {@code index} (0-based) of type {@code oid} into a Bind: its length, then its bytes in
     * {@link #format(int)}.
     */
    public static void encode(int index, int oid, Object value, PgMessageWriter w) {
        if (value == null) {
            w.nullValue();
            return;
        }
        int at = w.beginValue();
        try {
            if (format(oid) == TEXT) {
                w.utf8(text(value));
            } else {
                binary(oid, value, w);
            }
        } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
            // The value itself stays out of the message: parameters may be secrets.
            throw new IllegalArgumentException("parameter $" + (index + 1) + " is " + PgTypes.name(oid)
                    + "; cannot bind a " + value.getClass().getName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        w.endValue(at);
    }

    private static void binary(int oid, Object v, PgMessageWriter w) {
        switch (oid) {
            case PgTypes.BOOL -> w.int8(((Boolean) v) ? 1 : 0);
            case PgTypes.INT2 -> w.int16(Math.toIntExact(range(integral(v), Short.MIN_VALUE, Short.MAX_VALUE)));
            case PgTypes.INT4 -> w.int32(Math.toIntExact(integral(v)));
            case PgTypes.INT8 -> w.int64(integral(v));
            case PgTypes.OID -> w.int32((int) range(integral(v), 0, 0xFFFF_FFFFL));
            case PgTypes.FLOAT4 -> w.int32(Float.floatToRawIntBits(((Number) v).floatValue()));
            case PgTypes.FLOAT8 -> w.int64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            case PgTypes.NUMERIC -> numeric(v, w);
            case PgTypes.BYTEA -> bytes(v, w);
            case PgTypes.CHAR, PgTypes.NAME, PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.JSON, PgTypes.XML,
                 PgTypes.UNKNOWN -> w.utf8(text(v));
            case PgTypes.JSONB -> {
                w.int8(1);
                w.utf8(text(v));
            }
            case PgTypes.UUID -> {
                UUID u = v instanceof String s ? UUID.fromString(s) : (UUID) v;
                w.int64(u.getMostSignificantBits());
                w.int64(u.getLeastSignificantBits());
            }
            case PgTypes.DATE -> w.int32((int) PgBinaryCodec.daysSincePgEpoch((LocalDate) v));
            case PgTypes.TIME -> w.int64(((LocalTime) v).toNanoOfDay() / 1000);
            case PgTypes.TIMETZ -> {
                OffsetTime t = (OffsetTime) v;
                w.int64(t.toLocalTime().toNanoOfDay() / 1000);
                w.int32(-t.getOffset().getTotalSeconds());
            }
            case PgTypes.TIMESTAMP -> w.int64(timestamp((LocalDateTime) v));
            case PgTypes.TIMESTAMPTZ -> w.int64(timestampTz(v));
            case PgTypes.INTERVAL -> {
                PgInterval i = switch (v) {
                    case PgInterval p -> p;
                    case Duration d -> PgInterval.of(d);
                    case Period p -> PgInterval.of(p);
                    default -> throw new ClassCastException();
                };
                w.int64(i.micros());
                w.int32(i.days());
                w.int32(i.months());
            }
            default -> array(oid, v, w);
        }
    }

    /**
     * An array parameter from a Collection or Java array; nested ones make more dimensions (they must be
     * rectangular). Lower bounds are 1.
     */
    private static void array(int oid, Object v, PgMessageWriter w) {
        int element = PgTypes.elementOf(oid);
        if (element == 0) {
            throw new IllegalStateException("no binary codec for " + PgTypes.name(oid));
        }
        List<Object> items = items(v);
        List<Integer> dimensions = new java.util.ArrayList<>();
        for (Object level = v; isArrayLike(level); ) {
            List<Object> l = items(level);
            dimensions.add(l.size());
            level = l.isEmpty() ? null : l.getFirst();
        }
        List<Object> flat = new java.util.ArrayList<>();
        flatten(items, 0, dimensions, flat);
        boolean hasNull = flat.contains(null);
        if (flat.isEmpty()) {
            w.int32(0);
            w.int32(0);
            w.int32(element);
            return;
        }
        w.int32(dimensions.size());
        w.int32(hasNull ? 1 : 0);
        w.int32(element);
        for (int size : dimensions) {
            w.int32(size);
            w.int32(1);
        }
        for (Object item : flat) {
            if (item == null) {
                w.nullValue();
            } else {
                int at = w.beginValue();
                binary(element, item, w);
                w.endValue(at);
            }
        }
    }

    private static void flatten(List<Object> items, int depth, List<Integer> dimensions, List<Object> out) {
        if (items.size() != dimensions.get(depth)) {
            throw new IllegalArgumentException("a multidimensional array must be rectangular");
        }
        for (Object item : items) {
            if (depth + 1 < dimensions.size()) {
                if (!isArrayLike(item)) {
                    throw new IllegalArgumentException("a multidimensional array must be rectangular");
                }
                flatten(items(item), depth + 1, dimensions, out);
            } else {
                if (isArrayLike(item)) {
                    throw new IllegalArgumentException("a multidimensional array must be rectangular");
                }
                out.add(item);
            }
        }
    }

    private static boolean isArrayLike(Object v) {
        return v instanceof Collection<?> || (v != null && v.getClass().isArray() && !(v instanceof byte[]));
    }

    private static List<Object> items(Object v) {
        List<Object> out = new java.util.ArrayList<>();
        switch (v) {
            case Collection<?> c -> out.addAll(c);
            case Object[] a -> out.addAll(java.util.Arrays.asList(a));
            case int[] a -> java.util.Arrays.stream(a).forEach(out::add);
            case long[] a -> java.util.Arrays.stream(a).forEach(out::add);
            case double[] a -> java.util.Arrays.stream(a).forEach(out::add);
            default -> throw new ClassCastException();
        }
        return out;
    }

    private static long integral(Object v) {
        return switch (v) {
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case Byte b -> b;
            case BigInteger b -> b.longValueExact();
            case BigDecimal b -> b.longValueExact();
            default -> throw new ClassCastException();
        };
    }

    private static long range(long value, long min, long max) {
        if (value < min || value > max) {
            throw new ArithmeticException("out of range");
        }
        return value;
    }

    private static void numeric(Object v, PgMessageWriter w) {
        short[] fields = switch (v) {
            case BigDecimal b -> PgBinaryCodec.numeric(b);
            case BigInteger b -> PgBinaryCodec.numeric(new BigDecimal(b));
            case Double d when d.isNaN() || d.isInfinite() -> PgBinaryCodec.numericSpecial(d);
            case Float f when f.isNaN() || f.isInfinite() -> PgBinaryCodec.numericSpecial(f);
            case Double d -> PgBinaryCodec.numeric(BigDecimal.valueOf(d));
            case Float f -> PgBinaryCodec.numeric(new BigDecimal(Float.toString(f)));
            case Number n -> PgBinaryCodec.numeric(BigDecimal.valueOf(integral(n)));
            default -> throw new ClassCastException();
        };
        for (short f : fields) {
            w.int16(f);
        }
    }

    private static void bytes(Object v, PgMessageWriter w) {
        switch (v) {
            case byte[] b -> w.bytes(b, 0, b.length);
            case ByteBuffer b -> {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                w.bytes(copy, 0, copy.length);
            }
            default -> throw new ClassCastException();
        }
    }

    private static long timestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t.equals(LocalDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        return PgBinaryCodec.micros(t.toInstant(ZoneOffset.UTC));
    }

    private static long timestampTz(Object v) {
        return switch (v) {
            case OffsetDateTime t when t.equals(OffsetDateTime.MAX) -> Long.MAX_VALUE;
            case OffsetDateTime t when t.equals(OffsetDateTime.MIN) -> Long.MIN_VALUE;
            case OffsetDateTime t -> PgBinaryCodec.micros(t.toInstant());
            case ZonedDateTime t -> PgBinaryCodec.micros(t.toInstant());
            case Instant t -> PgBinaryCodec.micros(t);
            default -> throw new ClassCastException();
        };
    }

    /** Text form, for text parameters: strings as they are, enums by name, the rest by toString. */
    private static String text(Object v) {
        return switch (v) {
            case CharSequence c -> c.toString();
            case Enum<?> e -> e.name();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case UUID u -> u.toString();
            default -> throw new ClassCastException();
        };
    }
}
