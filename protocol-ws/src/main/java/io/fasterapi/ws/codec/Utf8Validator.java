package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Incremental UTF-8 validation (RFC 3629 §4, the well-formed byte sequences table), resumable across
 * fragments and reads, failing at the first byte that cannot start or continue a valid sequence: an
 * overlong form, a surrogate, a code point above U+10FFFF, a stray continuation byte. Runs of ASCII are
 * checked eight bytes at a time. Not thread-safe: one per connection.
 */
public final class Utf8Validator {
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /** Continuation bytes still expected in the current sequence. */
    private int needed;
    /** Allowed range for the next continuation byte (narrowed after E0, ED, F0, F4). */
    private int low = 0x80;
    private int high = 0xBF;

    /** Forgets any partial sequence (between messages). */
    public void reset() {
        needed = 0;
        low = 0x80;
        high = 0xBF;
    }

    /** Whether the text seen so far ends at a character boundary (required at the end of a message). */
    public boolean isComplete() {
        return needed == 0;
    }

    /**
     * Validates {@code data[offset, offset + length)}; returns false at the first invalid byte. Whole
     * sequences inside the range are checked with the state in locals (ASCII runs eight bytes at a time);
     * only a sequence cut by either end of the range goes byte by byte through the resumable state.
     */
    public boolean update(MemorySegment data, long offset, long length) {
        long i = offset;
        long end = offset + length;
        while (needed > 0 && i < end) { // finish the sequence the previous range cut
            if (!accept(data.get(ValueLayout.JAVA_BYTE, i++) & 0xFF)) {
                return false;
            }
        }
        while (i < end) {
            while (i + 8 <= end && (data.get(ValueLayout.JAVA_LONG_UNALIGNED, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= end) {
                break;
            }
            int b = data.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            if (i + size > end) {
                // The sequence goes on in the next range: keep the state, fail already if it cannot be valid.
                for (; i < end; i++) {
                    if (!accept(data.get(ValueLayout.JAVA_BYTE, i) & 0xFF)) {
                        return false;
                    }
                }
                return true;
            }
            int c1 = data.get(ValueLayout.JAVA_BYTE, i + 1) & 0xFF;
            if (size == 2) {
                if (b < 0xC2 || (c1 & 0xC0) != 0x80) {
                    return false; // stray continuation, overlong 2-byte form, or a bad continuation
                }
            } else if (size == 3) {
                int c2 = data.get(ValueLayout.JAVA_BYTE, i + 2) & 0xFF;
                int low = b == 0xE0 ? 0xA0 : 0x80; // no overlong 3-byte forms
                int high = b == 0xED ? 0x9F : 0xBF; // no surrogates U+D800-U+DFFF
                if (c1 < low || c1 > high || (c2 & 0xC0) != 0x80) {
                    return false;
                }
            } else {
                int c2 = data.get(ValueLayout.JAVA_BYTE, i + 2) & 0xFF;
                int c3 = data.get(ValueLayout.JAVA_BYTE, i + 3) & 0xFF;
                int low = b == 0xF0 ? 0x90 : 0x80; // no overlong 4-byte forms
                int high = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
                if (b > 0xF4 || c1 < low || c1 > high || (c2 & 0xC0) != 0x80 || (c3 & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += size;
        }
        return true;
    }

    /** Validates a byte array slice. */
    public boolean update(byte[] data, int offset, int length) {
        return update(MemorySegment.ofArray(data), offset, length);
    }

    private boolean accept(int b) {
        if (needed == 0) {
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                start(1, 0x80, 0xBF);
            } else if (b == 0xE0) {
                start(2, 0xA0, 0xBF); // no overlong 3-byte forms
            } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
                start(2, 0x80, 0xBF);
            } else if (b == 0xED) {
                start(2, 0x80, 0x9F); // no surrogates U+D800-U+DFFF
            } else if (b == 0xF0) {
                start(3, 0x90, 0xBF); // no overlong 4-byte forms
            } else if (b >= 0xF1 && b <= 0xF3) {
                start(3, 0x80, 0xBF);
            } else if (b == 0xF4) {
                start(3, 0x80, 0x8F); // nothing above U+10FFFF
            } else {
                return false; // 0x80-0xC1 (stray continuation, overlong 2-byte), 0xF5-0xFF
            }
            return true;
        }
        if (b < low || b > high) {
            return false;
        }
        needed--;
        low = 0x80;
        high = 0xBF;
        return true;
    }

    private void start(int continuation, int lowest, int highest) {
        needed = continuation;
        low = lowest;
        high = highest;
    }
}
