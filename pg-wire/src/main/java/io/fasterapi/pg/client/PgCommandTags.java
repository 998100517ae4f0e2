package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgBinaryCodec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The last few CommandComplete tags of one connection, as bytes and strings: {@code "SELECT 1"} again costs
 * no new String (the hot path allocates nothing per query for its tag). Owned by the connection's loop.
 */
final class PgCommandTags {
    private static final int SIZE = 4;
    /** Longer tags are decoded each time. */
    private static final int MAX_CACHED_BYTES = 32;

    private final byte[][] bytes = new byte[SIZE][];
    private final String[] strings = new String[SIZE];
    private int next;

    /** The tag at {@code s[offset, offset + length)}, from the cache when the same tag came recently. */
    String tag(MemorySegment s, long offset, int length) {
        if (length > MAX_CACHED_BYTES) {
            return PgBinaryCodec.utf8(s, offset, length);
        }
        search:
        for (int i = 0; i < SIZE; i++) {
            byte[] b = bytes[i];
            if (b == null || b.length != length) {
                continue;
            }
            for (int j = 0; j < length; j++) {
                if (s.get(ValueLayout.JAVA_BYTE, offset + j) != b[j]) {
                    continue search;
                }
            }
            return strings[i];
        }
        byte[] b = s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        String tag = new String(b, StandardCharsets.UTF_8);
        bytes[next] = b;
        strings[next] = tag;
        next = (next + 1) % SIZE;
        return tag;
    }
}
