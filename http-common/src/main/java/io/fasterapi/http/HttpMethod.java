package io.fasterapi.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Request methods (RFC 9110 §9). Methods outside this list are {@link #OTHER}; their name stays readable from
 * the request head. Recognition compares the method's bytes as one packed little-endian integer: no loop,
 * no allocation.
 */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH,
    /** A syntactically valid method token that is not one of the above. */
    OTHER;

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int P_GET = packed("GET\0") & 0x00FF_FFFF;
    private static final int P_PUT = packed("PUT\0") & 0x00FF_FFFF;
    private static final int P_HEAD = packed("HEAD");
    private static final int P_POST = packed("POST");
    private static final long P_DELETE = packedLong("DELETE\0\0") & 0x0000_FFFF_FFFF_FFFFL;
    private static final long P_PATCH = packedLong("PATCH\0\0\0") & 0x0000_00FF_FFFF_FFFFL;
    private static final long P_TRACE = packedLong("TRACE\0\0\0") & 0x0000_00FF_FFFF_FFFFL;
    private static final long P_OPTIONS = packedLong("OPTIONS\0") & 0x00FF_FFFF_FFFF_FFFFL;
    private static final long P_CONNECT = packedLong("CONNECT\0") & 0x00FF_FFFF_FFFF_FFFFL;

    private static int packed(String s) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | s.charAt(i);
        }
        return v;
    }

    private static long packedLong(String s) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | s.charAt(i);
        }
        return v;
    }

    /** The method whose token is {@code segment[start, start + length)}; {@link #OTHER} for any other token. */
    public static HttpMethod of(MemorySegment segment, long start, int length) {
        switch (length) {
            case 3 -> {
                int v = segment.byteSize() - start >= 4 ? segment.get(INT_LE, start) & 0x00FF_FFFF
                        : (int) bytes(segment, start, 3);
                if (v == P_GET) {
                    return GET;
                }
                if (v == P_PUT) {
                    return PUT;
                }
            }
            case 4 -> {
                int v = segment.get(INT_LE, start);
                if (v == P_POST) {
                    return POST;
                }
                if (v == P_HEAD) {
                    return HEAD;
                }
            }
            case 5 -> {
                long v = bytes(segment, start, 5);
                if (v == P_PATCH) {
                    return PATCH;
                }
                if (v == P_TRACE) {
                    return TRACE;
                }
            }
            case 6 -> {
                if (bytes(segment, start, 6) == P_DELETE) {
                    return DELETE;
                }
            }
            case 7 -> {
                long v = bytes(segment, start, 7);
                if (v == P_OPTIONS) {
                    return OPTIONS;
                }
                if (v == P_CONNECT) {
                    return CONNECT;
                }
            }
            default -> {
                return OTHER;
            }
        }
        return OTHER;
    }

    private static long bytes(MemorySegment segment, long start, int length) {
        if (segment.byteSize() - start >= 8) {
            long mask = length == 8 ? -1L : (1L << (8 * length)) - 1;
            return segment.get(LONG_LE, start) & mask;
        }
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = (v << 8) | (segment.get(ValueLayout.JAVA_BYTE, start + i) & 0xFF);
        }
        return v;
    }
}
