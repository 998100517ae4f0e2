package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes frame headers (RFC 6455 §5.2) into off-heap memory, always with the minimal length encoding. Server
 * frames are never masked; {@link #writeMaskedHeader} exists for test clients. Pure: no state, no allocation.
 */
public final class WsFrameWriter {
    /** The largest header: 2 bytes, 8-byte length, 4-byte mask. */
    public static final int MAX_HEADER_BYTES = 14;
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private WsFrameWriter() {}

    /** Bytes an unmasked header needs for {@code payloadLength}: 2, 4 or 10. */
    public static int headerBytes(long payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes an unmasked header; returns the offset after it. */
    public static long writeHeader(MemorySegment target, long at, boolean fin, boolean rsv1, WsOpcode opcode,
                                   long payloadLength) {
        target.set(ValueLayout.JAVA_BYTE, at, (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.code()));
        if (payloadLength < 126) {
            target.set(ValueLayout.JAVA_BYTE, at + 1, (byte) payloadLength);
            return at + 2;
        }
        if (payloadLength <= 0xFFFF) {
            target.set(ValueLayout.JAVA_BYTE, at + 1, (byte) 126);
            target.set(SHORT_BE, at + 2, (short) payloadLength);
            return at + 4;
        }
        target.set(ValueLayout.JAVA_BYTE, at + 1, (byte) 127);
        target.set(LONG_BE, at + 2, payloadLength);
        return at + 10;
    }

    /** Writes a masked header with key {@code maskKey} (big-endian key bytes) for a client; returns the offset after it. */
    public static long writeMaskedHeader(MemorySegment target, long at, boolean fin, boolean rsv1, WsOpcode opcode,
                                         long payloadLength, int maskKey) {
        long p = writeHeader(target, at, fin, rsv1, opcode, payloadLength);
        target.set(ValueLayout.JAVA_BYTE, at + 1, (byte) (target.get(ValueLayout.JAVA_BYTE, at + 1) | 0x80));
        target.set(INT_BE, p, maskKey);
        return p + 4;
    }
}
