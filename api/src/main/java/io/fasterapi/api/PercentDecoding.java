package io.fasterapi.api;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding of path segments and query strings (RFC 3986 §2.1; {@code +} as space in queries, as
 * HTML forms and FastAPI do). Malformed escapes and invalid UTF-8 are errors, never silently replaced.
 */
final class PercentDecoding {
    private PercentDecoding() {}

    /** Thrown for a malformed escape or invalid UTF-8; becomes a 400. */
    static final class MalformedException extends IllegalArgumentException {
        MalformedException(String message) {
            super(message);
        }
    }

    static String decode(MemorySegment segment, long offset, int length, boolean plusAsSpace) {
        boolean plain = true;
        for (int i = 0; i < length; i++) {
            byte b = segment.get(ValueLayout.JAVA_BYTE, offset + i);
            if (b == '%' || (plusAsSpace && b == '+')) {
                plain = false;
                break;
            }
        }
        byte[] raw = segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        return plain ? new String(raw, StandardCharsets.US_ASCII) : decode(raw, plusAsSpace);
    }

    static String decode(String text, boolean plusAsSpace) {
        if (text.indexOf('%') < 0 && !(plusAsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        return decode(text.getBytes(StandardCharsets.ISO_8859_1), plusAsSpace);
    }

    private static String decode(byte[] raw, boolean plusAsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    throw new MalformedException("truncated percent-escape");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedException("invalid percent-escape");
                }
                int decoded = (hi << 4) | lo;
                if (decoded == 0 && !plusAsSpace) {
                    // A NUL in a path segment ends C strings (file names, some drivers): refused, as a 400.
                    throw new MalformedException("a NUL character (%00) in a path");
                }
                out.write(decoded);
                i += 2;
            } else if (plusAsSpace && b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("percent-escapes are not valid UTF-8");
        }
    }

    /** {@code a=1&b=2&b=3} into names with their values in order ({@code a} and {@code a=} give ""). */
    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        int from = 0;
        while (from <= query.length()) {
            int amp = query.indexOf('&', from);
            int end = amp < 0 ? query.length() : amp;
            if (end > from) {
                String pair = query.substring(from, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return params;
    }
}
