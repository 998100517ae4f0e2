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

    /** Validates {@code data[offset, offset + length)}; returns false at the first invalid byte. */
    public boolean update(MemorySegment data, long offset, long length) {
        long i = offset;
        long end = offset + length;
        while (i < end) {
            if (needed == 0) {
                while (i + 8 <= end && (data.get(ValueLayout.JAVA_LONG_UNALIGNED, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i >= end) {
                    break;
                }
            }
            if (!accept(data.get(ValueLayout.JAVA_BYTE, i) & 0xFF)) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Validates a byte array slice. */
    public boolean update(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!accept(data[i] & 0xFF)) {
                return false;
            }
        }
        return true;
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
