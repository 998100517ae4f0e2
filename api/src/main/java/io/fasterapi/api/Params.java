package io.fasterapi.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Text to typed values for path, query and header parameters (and lax JSON strings), with the error ids and
 * messages FastAPI (Pydantic v2) uses. Supported: String, int, long, short, double, float, boolean (and their
 * boxes), UUID, BigDecimal, BigInteger, enums (by constant name, any case), LocalDate, LocalDateTime, Instant,
 * OffsetDateTime.
 */
public final class Params {
    /** Marker for "no default" in {@link Query} and {@link Header}. */
    public static final String NO_DEFAULT = "\u0000<no default>";

    private Params() {}

    /** A value that does not convert: {@link #type()} and {@link #getMessage()} follow Pydantic. */
    static final class ConversionException extends IllegalArgumentException {
        private final String type;

        ConversionException(String type, String message) {
            super(message, null);
            this.type = type;
        }

        String type() {
            return type;
        }
    }

    /** Whether {@code type} can be converted from text. */
    static boolean isSupported(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == short.class || type == Short.class || type == double.class
                || type == Double.class || type == float.class || type == Float.class || type == boolean.class
                || type == Boolean.class || type == UUID.class || type == BigDecimal.class || type == BigInteger.class
                || type.isEnum() || type == LocalDate.class || type == LocalDateTime.class || type == Instant.class
                || type == OffsetDateTime.class;
    }

    /** Converts {@code raw} to {@code type}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object convert(String raw, Class<?> type) {
        if (type == String.class) {
            return raw;
        }
        String s = raw.trim();
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(integral(s));
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(integral(s));
            }
            if (type == short.class || type == Short.class) {
                return Short.parseShort(integral(s));
            }
        } catch (NumberFormatException e) {
            throw new ConversionException("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
        }
        try {
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(number(s));
            }
            if (type == float.class || type == Float.class) {
                return Float.parseFloat(number(s));
            }
            if (type == BigDecimal.class) {
                return new BigDecimal(s);
            }
            if (type == BigInteger.class) {
                return new BigInteger(integral(s));
            }
        } catch (NumberFormatException e) {
            throw new ConversionException(type == BigDecimal.class ? "decimal_parsing" : "float_parsing",
                    "Input should be a valid number, unable to parse string as a number");
        }
        if (type == boolean.class || type == Boolean.class) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y" -> true;
                case "false", "0", "no", "off", "f", "n" -> false;
                default -> throw new ConversionException("bool_parsing", "Input should be a valid boolean, unable to interpret input");
            };
        }
        if (type == UUID.class) {
            try {
                if (s.length() != 36) {
                    throw new IllegalArgumentException();
                }
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new ConversionException("uuid_parsing", "Input should be a valid UUID, unable to parse string as a UUID");
            }
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum) constant).name().equalsIgnoreCase(s)) {
                    return constant;
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> "'" + ((Enum) c).name().toLowerCase(Locale.ROOT) + "'")
                    .collect(Collectors.joining(", "));
            throw new ConversionException("enum", "Input should be one of " + allowed);
        }
        try {
            if (type == LocalDate.class) {
                return LocalDate.parse(s);
            }
            if (type == LocalDateTime.class) {
                return LocalDateTime.parse(s);
            }
            if (type == Instant.class) {
                return Instant.parse(s);
            }
            if (type == OffsetDateTime.class) {
                return OffsetDateTime.parse(s);
            }
        } catch (DateTimeParseException e) {
            throw new ConversionException(type == LocalDate.class ? "date_parsing" : "datetime_parsing",
                    "Input should be a valid " + (type == LocalDate.class ? "date" : "datetime") + " in ISO 8601 format");
        }
        throw new IllegalArgumentException("unsupported parameter type " + type.getName());
    }

    /** Integers may be written with a zero fraction ("5.0"), as Pydantic's lax mode allows. */
    private static String integral(String s) {
        int dot = s.indexOf('.');
        if (dot > 0 && s.substring(dot + 1).chars().allMatch(c -> c == '0') && dot < s.length() - 1) {
            return s.substring(0, dot);
        }
        return s;
    }

    /** Java also parses "NaN", "Infinity", "1d" and hex floats; parameters must be plain decimal numbers. */
    private static String number(String s) {
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException(s);
        }
        return s;
    }

    /** {@code userAgent} to {@code user-agent}. */
    static String headerName(String javaName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('-');
            }
            sb.append(c == '_' ? '-' : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
