package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * WebSocket frame parser (RFC 6455 §5), push style, unmasking payloads in place eight bytes at a time.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>Contract as the HTTP parser's: {@link #parse} returns how far it consumed; unconsumed bytes are presented
 * again with more appended. A frame header is consumed only when complete; a control frame only when its
 * whole payload is here (at most 125 bytes); data-frame payload is handed out as it arrives.
 *
 * <p>Refused with close 1002 (protocol error): a reserved opcode; RSV2 or RSV3; RSV1 unless permessage-deflate
 * was negotiated and the frame starts a message; an unmasked frame from a client (a masked one from a server);
 * a fragmented or longer than 125 bytes control frame; a continuation with no message in progress, or a new
 * message while one is; a non-minimal length encoding; a 64-bit length with its top bit set. With 1009
 * (message too big): a frame above {@link WsLimits#maxFrameBytes()} or a message above
 * {@link WsLimits#maxMessageBytes()} (before decompression; the glue bounds it after).
 *
 * <p>Mutates the payload bytes it hands out (unmasking in place). Not thread-safe: one per connection.
 */
public final class WsFrameParser {
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** What the parser reads next. */
    private enum State {
        /** A frame header (2 to 14 bytes). */
        HEADER,
        /** Payload of a data frame. */
        PAYLOAD
    }

    private final WsLimits limits;
    private final WsRole role;
    private boolean deflate;
    private State state = State.HEADER;
    private boolean inMessage;
    private long messageBytes;
    private long remaining;
    private boolean frameFin;
    private boolean masked;
    /** The masking key repeated twice, as eight bytes in memory order (little-endian long). */
    private long mask;
    /** Payload bytes of the current frame already unmasked, modulo 4. */
    private int maskPhase;

    /** @param role which side we are: it decides whether the peer's frames must be masked (RFC 6455 §5.1) */
    public WsFrameParser(WsLimits limits, WsRole role) {
        this.limits = limits;
        this.role = role;
    }

    /** Allows RSV1 on the first frame of messages: permessage-deflate was negotiated. */
    public void enableDeflate() {
        deflate = true;
    }

    /** Whether a fragmented message is in progress. */
    public boolean inMessage() {
        return inMessage;
    }

    /** Parses {@code segment[from, to)}; returns the offset up to which bytes were consumed. */
    public long parse(MemorySegment segment, long from, long to, WsFrameSink sink) {
        long pos = from;
        while (pos < to) {
            if (state == State.PAYLOAD) {
                int n = (int) Math.min(remaining, to - pos);
                unmask(segment, pos, n);
                remaining -= n;
                sink.onMessageData(segment, pos, n);
                pos += n;
                if (remaining == 0) {
                    endFrame(sink);
                }
                continue;
            }
            long next = header(segment, pos, to, sink);
            if (next < 0) {
                return pos;
            }
            pos = next;
        }
        return pos;
    }

    private void endFrame(WsFrameSink sink) {
        state = State.HEADER;
        if (frameFin) {
            inMessage = false;
            messageBytes = 0;
            sink.onMessageEnd();
        }
    }

    /** Reads one frame header at {@code pos}; returns the offset after what it consumed, or -1 for "need more". */
    private long header(MemorySegment segment, long pos, long to, WsFrameSink sink) {
        if (to - pos < 2) {
            return -1;
        }
        int b0 = segment.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
        int b1 = segment.get(ValueLayout.JAVA_BYTE, pos + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        WsOpcode opcode = WsOpcode.of(b0 & 0x0F);
        boolean isMasked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        if (opcode == null) {
            throw protocolError("reserved_opcode", "opcode 0x" + Integer.toHexString(b0 & 0x0F) + " is reserved");
        }
        check((b0 & 0x30) == 0, "reserved_bits", "RSV2 and RSV3 must be 0");
        if (isMasked != role.peerMasks()) { // RFC 6455 §5.1
            throw switch (role) {
                case SERVER -> protocolError("unmasked_frame", "client frames must be masked");
                case CLIENT -> protocolError("masked_frame", "server frames must not be masked");
            };
        }
        int headerBytes = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (isMasked ? 4 : 0);
        if (opcode.isControl()) {
            check(fin, "fragmented_control_frame", "control frames must not be fragmented");
            check(len7 <= 125, "control_frame_too_long", "control frames carry at most 125 bytes");
            check(!rsv1, "reserved_bits", "RSV1 on a control frame");
            if (to - pos < headerBytes + len7) {
                return -1; // whole control frames only
            }
            readMask(segment, pos + 2, isMasked);
            long payload = pos + headerBytes;
            unmask(segment, payload, len7);
            sink.onControl(opcode, segment, payload, len7);
            return payload + len7;
        }
        if (to - pos < headerBytes) {
            return -1;
        }
        long length = payloadLength(segment, pos, len7);
        if (opcode == WsOpcode.CONTINUATION) {
            check(inMessage, "unexpected_continuation", "continuation frame with no message in progress");
            check(!rsv1, "reserved_bits", "RSV1 is only allowed on the first frame of a message");
        } else {
            check(!inMessage, "expected_continuation", "new message before the previous one ended");
            check(!rsv1 || deflate, "reserved_bits", "RSV1 without permessage-deflate");
        }
        if (length > limits.maxFrameBytes()) {
            throw new WsException(WsCloseCodes.MESSAGE_TOO_BIG, "frame_too_big",
                    "frame of " + length + " bytes exceeds " + limits.maxFrameBytes());
        }
        if (messageBytes + length > limits.maxMessageBytes()) {
            throw new WsException(WsCloseCodes.MESSAGE_TOO_BIG, "message_too_big",
                    "message exceeds " + limits.maxMessageBytes() + " bytes");
        }
        readMask(segment, pos + headerBytes - (isMasked ? 4 : 0), isMasked);
        if (opcode != WsOpcode.CONTINUATION) {
            inMessage = true;
            sink.onMessageStart(opcode == WsOpcode.TEXT ? WsMessageType.TEXT : WsMessageType.BINARY,
                    rsv1 ? WsCompression.DEFLATE : WsCompression.NONE);
        }
        messageBytes += length;
        frameFin = fin;
        remaining = length;
        state = State.PAYLOAD;
        if (length == 0) {
            endFrame(sink);
        }
        return pos + headerBytes;
    }

    private static long payloadLength(MemorySegment segment, long pos, int len7) {
        if (len7 < 126) {
            return len7;
        }
        if (len7 == 126) {
            int length = Short.toUnsignedInt(segment.get(SHORT_BE, pos + 2));
            if (length < 126) {
                throw protocolError("non_minimal_length", "16-bit length used for " + length + " bytes");
            }
            return length;
        }
        long length = segment.get(LONG_BE, pos + 2);
        check(length >= 0, "invalid_length", "the most significant bit of a 64-bit length must be 0");
        if (length <= 0xFFFF) {
            throw protocolError("non_minimal_length", "64-bit length used for " + length + " bytes");
        }
        return length;
    }

    private void readMask(MemorySegment segment, long at, boolean isMasked) {
        masked = isMasked;
        maskPhase = 0;
        if (isMasked) {
            long key = segment.get(INT_LE, at) & 0xFFFF_FFFFL;
            mask = key | (key << 32);
        }
    }

    /** XORs the payload with the masking key (RFC 6455 §5.3), eight bytes at a time. */
    private void unmask(MemorySegment segment, long from, int length) {
        if (!masked || length == 0) {
            return;
        }
        long rotated = Long.rotateRight(mask, 8 * maskPhase);
        long i = from;
        long end = from + length;
        for (; i + 8 <= end; i += 8) {
            segment.set(LONG_LE, i, segment.get(LONG_LE, i) ^ rotated);
        }
        int phase = maskPhase;
        for (; i < end; i++) {
            byte k = (byte) (rotated >>> (8 * (int) ((i - from) & 7)));
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) (segment.get(ValueLayout.JAVA_BYTE, i) ^ k));
        }
        maskPhase = (phase + length) & 3;
    }

    /** Throws 1002 unless {@code ok}; {@code detail} must be a constant (built only on failure elsewhere). */
    private static void check(boolean ok, String reason, String detail) {
        if (!ok) {
            throw protocolError(reason, detail);
        }
    }

    private static WsException protocolError(String reason, String detail) {
        return new WsException(WsCloseCodes.PROTOCOL_ERROR, reason, detail);
    }
}
