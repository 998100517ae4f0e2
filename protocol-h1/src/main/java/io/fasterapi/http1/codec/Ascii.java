package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpFields;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Byte classes of RFC 9110 §5.6.2 and RFC 9112, as lookup tables, and case-insensitive comparison. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HT = '\t';

    /** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
    private static final boolean[] TCHAR = new boolean[256];
    /** Bytes allowed in a request target: visible ASCII (RFC 3986 characters and percent-encodings). */
    private static final boolean[] TARGET = new boolean[256];
    /** Bytes of a Host value, {@code uri-host [":" port]} (RFC 3986 reg-name, IP literal, port). */
    private static final boolean[] HOST = new boolean[256];
    /** field-vchar / SP / HTAB (obs-text 0x80-0xFF allowed, RFC 9110 §5.5). */
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) {
            TCHAR[c] = HttpFields.isTokenChar(c); // one definition of tchar, indexed by byte here for the parser
        }
        for (int c = 0x21; c <= 0x7E; c++) {
            TARGET[c] = true;
        }
        TARGET['#'] = false; // a fragment is not part of a request target (RFC 9112 §3.2)
        for (int c = 0x21; c <= 0xFF; c++) {
            FIELD_VALUE[c] = c != 0x7F;
        }
        FIELD_VALUE[SP] = true;
        FIELD_VALUE[HT] = true;
        for (int c = 0; c < 128; c++) {
            HOST[c] = Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
        }
    }

    private Ascii() {}

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isTargetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    static boolean isFieldValueChar(byte b) {
        return FIELD_VALUE[b & 0xFF];
    }

    static boolean isHostChar(byte b) {
        return HOST[b & 0xFF];
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HT;
    }

    /** Whether {@code segment} at {@code offset} holds {@code lowercase} in any case (ASCII letters only fold). */
    static boolean equalsIgnoreCase(MemorySegment segment, long offset, String lowercase) {
        for (int i = 0; i < lowercase.length(); i++) {
            int b = segment.get(ValueLayout.JAVA_BYTE, offset + i);
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != Character.toLowerCase(lowercase.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
