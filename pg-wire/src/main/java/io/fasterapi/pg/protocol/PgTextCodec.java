package io.fasterapi.pg.protocol;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Values in PostgreSQL's text format (the simple query protocol, and types without a binary codec), as the
 * server prints them with the session settings this client sets at startup: {@code DateStyle=ISO},
 * {@code IntervalStyle=iso_8601}, {@code bytea_output=hex}, {@code extra_float_digits=3}. Decoded to the same
 * Java types as {@link PgBinaryCodec}.
 */
public final class PgTextCodec {
    private PgTextCodec() {}

    public static Object decode(int oid, String text, PgLimits limits) {
        try {
            return switch (oid) {
                case PgTypes.BOOL -> text.equals("t");
                case PgTypes.INT2 -> Short.parseShort(text);
                case PgTypes.INT4 -> Integer.parseInt(text);
                case PgTypes.INT8, PgTypes.OID -> Long.parseLong(text);
                case PgTypes.FLOAT4 -> Float.parseFloat(text);
                case PgTypes.FLOAT8 -> Double.parseDouble(text);
                case PgTypes.NUMERIC -> numeric(text);
                case PgTypes.BYTEA -> bytea(text);
                case PgTypes.UUID -> UUID.fromString(text);
                case PgTypes.DATE -> date(text);
                case PgTypes.TIME -> time(text);
                case PgTypes.TIMETZ -> timeTz(text);
                case PgTypes.TIMESTAMP -> timestamp(text);
                case PgTypes.TIMESTAMPTZ -> timestampTz(text);
                case PgTypes.INTERVAL -> interval(text);
                default -> {
                    int element = PgTypes.elementOf(oid);
                    yield element != 0 ? array(element, text, limits) : text;
                }
            };
        } catch (RuntimeException e) {
            if (e instanceof PgProtocolException p) {
                throw p;
            }
            throw new PgProtocolException("malformed_value", "'" + abbreviate(text) + "' is not a valid "
                    + PgTypes.name(oid) + " in text form: " + e.getMessage());
        }
    }

    /** A BigDecimal, or a Double for NaN and the infinities. */
    public static Object numeric(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text);
        };
    }

    private static byte[] bytea(String text) {
        if (!text.startsWith("\\x")) {
            throw new IllegalArgumentException("only bytea_output=hex is supported");
        }
        return HexFormat.of().parseHex(text, 2, text.length());
    }

    public static LocalDate date(String text) {
        return switch (text) {
            case "infinity" -> LocalDate.MAX;
            case "-infinity" -> LocalDate.MIN;
            default -> {
                boolean bc = text.endsWith(" BC");
                String t = bc ? text.substring(0, text.length() - 3) : text;
                int dash = t.indexOf('-', 1);
                int year = Integer.parseInt(t.substring(0, dash));
                LocalDate d = LocalDate.of(bc ? 1 - year : year, Integer.parseInt(t.substring(dash + 1, dash + 3)),
                        Integer.parseInt(t.substring(dash + 4, dash + 6)));
                yield d;
            }
        };
    }

    public static LocalTime time(String text) {
        if (text.startsWith("24:00:00")) {
            return LocalTime.MAX;
        }
        return LocalTime.parse(text);
    }

    private static OffsetTime timeTz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        return OffsetTime.of(time(text.substring(0, sign)), offset(text.substring(sign)));
    }

    public static LocalDateTime timestamp(String text) {
        return switch (text) {
            case "infinity" -> LocalDateTime.MAX;
            case "-infinity" -> LocalDateTime.MIN;
            default -> {
                boolean bc = text.endsWith(" BC");
                String t = bc ? text.substring(0, text.length() - 3) : text;
                int space = t.indexOf(' ');
                LocalDate date = date(t.substring(0, space) + (bc ? " BC" : ""));
                yield LocalDateTime.of(date, time(t.substring(space + 1)));
            }
        };
    }

    private static OffsetDateTime timestampTz(String text) {
        return switch (text) {
            case "infinity" -> OffsetDateTime.MAX;
            case "-infinity" -> OffsetDateTime.MIN;
            default -> {
                boolean bc = text.endsWith(" BC");
                String t = bc ? text.substring(0, text.length() - 3) : text;
                int space = t.indexOf(' ');
                String clock = t.substring(space + 1);
                int sign = Math.max(clock.lastIndexOf('+'), clock.lastIndexOf('-'));
                LocalDate date = date(t.substring(0, space) + (bc ? " BC" : ""));
                yield OffsetDateTime.of(date, time(clock.substring(0, sign)), offset(clock.substring(sign)));
            }
        };
    }

    /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}. */
    private static ZoneOffset offset(String text) {
        int sign = text.charAt(0) == '-' ? -1 : 1;
        String[] parts = text.substring(1).split(":");
        int seconds = Integer.parseInt(parts[0]) * 3600 + (parts.length > 1 ? Integer.parseInt(parts[1]) * 60 : 0)
                + (parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        return ZoneOffset.ofTotalSeconds(sign * seconds);
    }

    /** ISO 8601 with PostgreSQL's per-field signs: {@code P1Y-2M3DT4H5M6.5S}, {@code PT0S}. */
    public static PgInterval interval(String text) {
        if (!text.startsWith("P")) {
            throw new IllegalArgumentException("expected IntervalStyle iso_8601");
        }
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean time = false;
        int i = 1;
        while (i < text.length()) {
            if (text.charAt(i) == 'T') {
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && "+-0123456789.".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            String number = text.substring(start, i);
            char unit = text.charAt(i++);
            if (!time) {
                switch (unit) {
                    case 'Y' -> months += Long.parseLong(number) * 12;
                    case 'M' -> months += Long.parseLong(number);
                    case 'W' -> days += Long.parseLong(number) * 7;
                    case 'D' -> days += Long.parseLong(number);
                    default -> throw new IllegalArgumentException("unit " + unit);
                }
            } else {
                long unitMicros = switch (unit) {
                    case 'H' -> 3_600_000_000L;
                    case 'M' -> 60_000_000L;
                    case 'S' -> 1_000_000L;
                    default -> throw new IllegalArgumentException("unit " + unit);
                };
                micros += new BigDecimal(number).multiply(BigDecimal.valueOf(unitMicros)).longValueExact();
            }
        }
        return new PgInterval(Math.toIntExact(months), Math.toIntExact(days), micros);
    }

    /**
     * An array literal: {@code {1,2,NULL}}, {@code {{1,2},{3,4}}}, quoted elements with backslash escapes,
     * an optional {@code [1:2]=} dimension prefix.
     */
    public static List<Object> array(int element, String text, PgLimits limits) {
        String t = text;
        if (t.startsWith("[")) {
            t = t.substring(t.indexOf('=') + 1);
        }
        int[] pos = {0};
        int[] count = {0};
        List<Object> result = arrayLevel(element, t, pos, 1, limits, count);
        if (pos[0] != t.length()) {
            throw new IllegalArgumentException("text after the array");
        }
        return result;
    }

    private static List<Object> arrayLevel(int element, String t, int[] pos, int depth, PgLimits limits, int[] count) {
        if (depth > limits.maxArrayDimensions()) {
            throw new PgProtocolException("array_too_deep", "more than " + limits.maxArrayDimensions()
                    + " array dimensions (PgLimits.maxArrayDimensions)");
        }
        expect(t, pos, '{');
        List<Object> list = new ArrayList<>();
        if (t.charAt(pos[0]) == '}') {
            pos[0]++;
            return list;
        }
        while (true) {
            char c = t.charAt(pos[0]);
            if (c == '{') {
                list.add(arrayLevel(element, t, pos, depth + 1, limits, count));
            } else if (c == '"') {
                list.add(decode(element, quoted(t, pos), limits));
                count[0]++;
            } else {
                int start = pos[0];
                while (t.charAt(pos[0]) != ',' && t.charAt(pos[0]) != '}') {
                    pos[0]++;
                }
                String raw = t.substring(start, pos[0]).trim();
                list.add(raw.equalsIgnoreCase("NULL") ? null : decode(element, raw, limits));
                count[0]++;
            }
            if (count[0] > limits.maxArrayElements()) {
                throw new PgProtocolException("array_too_large", "more than " + limits.maxArrayElements()
                        + " array elements (PgLimits.maxArrayElements)");
            }
            char next = t.charAt(pos[0]++);
            if (next == '}') {
                return list;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (pos[0] - 1));
            }
        }
    }

    private static String quoted(String t, int[] pos) {
        StringBuilder sb = new StringBuilder();
        pos[0]++;
        while (true) {
            char c = t.charAt(pos[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                c = t.charAt(pos[0]++);
            }
            sb.append(c);
        }
    }

    private static void expect(String t, int[] pos, char c) {
        if (pos[0] >= t.length() || t.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos[0]);
        }
        pos[0]++;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
