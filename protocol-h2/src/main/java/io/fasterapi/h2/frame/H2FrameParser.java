package io.fasterapi.h2.frame;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.fasterapi.h2.frame.H2Frames.*;

/**
 * A push parser for HTTP/2 frames (RFC 9113 §4, §6): it takes whatever bytes have arrived, hands every complete
 * frame to an {@link H2FrameSink} and returns how far it consumed; an incomplete frame is left for the next call
 * (the channel keeps it, at most one frame of {@link #maxFrameSize()} plus its header). Nothing is allocated per
 * frame. What one frame can show wrong is refused here, with the type of error §5.4 and §6 give it
 * ({@link H2Exception.Connection} or {@link H2Exception.Stream}) and its code; so is a frame between a HEADERS and
 * its CONTINUATIONs (§6.10). What needs the streams' states (§5.1) is the connection's to check.
 *
 * <p>Owned by one connection; not thread-safe.
 */
public final class H2FrameParser {
    private int maxFrameSize = MIN_MAX_FRAME_SIZE;
    /** The stream whose header block is open (HEADERS or PUSH_PROMISE without END_HEADERS), or 0. */
    private int continuationStream;
    /** The end and flags of the frame being handed over (for a handler that must skip it after an error). */
    private long currentFrameEnd = -1;
    private int currentFlags;

    /**
     * The end of the frame whose handling threw (the sink's or this parser's stream error): where to go on parsing
     * after resetting that stream. -1 before the first frame.
     */
    public long failedFrameEnd() {
        return currentFrameEnd;
    }

    /** The flags of the frame being handed over (valid during a sink call). */
    public int lastFlags() {
        return currentFlags;
    }

    /** The largest payload accepted: our SETTINGS_MAX_FRAME_SIZE (16,384 until we advertise more). */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    public void maxFrameSize(int value) {
        if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE is 2^14 to 2^24-1: " + value);
        }
        maxFrameSize = value;
    }

    /** Whether a header block is open: only its CONTINUATION frames may come next. */
    public boolean inHeaderBlock() {
        return continuationStream != 0;
    }

    /** Parses the complete frames in {@code s[from, to)}; returns the end of the last one. */
    public long parse(MemorySegment s, long from, long to, H2FrameSink sink) {
        long p = from;
        while (to - p >= HEADER_BYTES) {
            int length = (u8(s, p) << 16) | (u8(s, p + 1) << 8) | u8(s, p + 2);
            int type = u8(s, p + 3);
            int flags = u8(s, p + 4);
            int streamId = s.get(BE_INT, p + 5) & 0x7FFF_FFFF; // §4.1: the reserved bit is ignored
            if (length > maxFrameSize) {
                // §4.2: FRAME_SIZE_ERROR; a connection error for frames that change connection state, which any
                // frame this large may (its header block would be lost): treated as one.
                throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "a frame of " + length
                        + " octets; SETTINGS_MAX_FRAME_SIZE is " + maxFrameSize);
            }
            if (to - p - HEADER_BYTES < length) {
                break; // the payload is not all here
            }
            long payload = p + HEADER_BYTES;
            currentFrameEnd = payload + length;
            currentFlags = flags;
            frame(s, payload, length, type, flags, streamId, sink);
            p = payload + length;
        }
        return p;
    }

    private void frame(MemorySegment s, long at, int length, int type, int flags, int streamId, H2FrameSink sink) {
        H2FrameType known = H2FrameType.of(type);
        if (continuationStream != 0 && (known != H2FrameType.CONTINUATION || streamId != continuationStream)) {
            throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, "a " + (known == null ? "type " + type : known)
                    + " frame inside the header block of stream " + continuationStream + " (RFC 9113 §6.10)");
        }
        if (known == null) {
            sink.onUnknown(type, flags, streamId, length);
            return;
        }
        switch (known) {
            case DATA -> data(s, at, length, flags, streamId, sink);
            case HEADERS -> headers(s, at, length, flags, streamId, sink);
            case PRIORITY -> {
                requireStream(streamId, known);
                if (length != 5) {
                    throw new H2Exception.Stream(streamId, H2ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + length
                            + " octets, not 5 (§6.3)");
                }
                int dependency = s.get(BE_INT, at);
                sink.onPriority(streamId, dependency & 0x7FFF_FFFF, dependency < 0, u8(s, at + 4) + 1);
            }
            case RST_STREAM -> {
                requireStream(streamId, known);
                if (length != 4) {
                    throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of " + length
                            + " octets, not 4 (§6.4)");
                }
                sink.onRstStream(streamId, Integer.toUnsignedLong(s.get(BE_INT, at)));
            }
            case SETTINGS -> settings(s, at, length, flags, streamId, sink);
            case PUSH_PROMISE -> pushPromise(s, at, length, flags, streamId, sink);
            case PING -> {
                requireConnection(streamId, known);
                if (length != 8) {
                    throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "PING of " + length
                            + " octets, not 8 (§6.7)");
                }
                sink.onPing((flags & FLAG_ACK) != 0, s.get(BE_LONG, at));
            }
            case GOAWAY -> {
                requireConnection(streamId, known);
                if (length < 8) {
                    throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + length
                            + " octets, fewer than 8 (§6.8)");
                }
                sink.onGoAway(s.get(BE_INT, at) & 0x7FFF_FFFF, Integer.toUnsignedLong(s.get(BE_INT, at + 4)), s,
                        at + 8, length - 8);
            }
            case WINDOW_UPDATE -> {
                if (length != 4) {
                    throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + length
                            + " octets, not 4 (§6.9)");
                }
                int increment = s.get(BE_INT, at) & 0x7FFF_FFFF;
                if (increment == 0) {
                    String why = "a WINDOW_UPDATE of 0 (§6.9)";
                    throw streamId == 0 ? new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, why)
                            : new H2Exception.Stream(streamId, H2ErrorCode.PROTOCOL_ERROR, why);
                }
                sink.onWindowUpdate(streamId, increment);
            }
            case CONTINUATION -> {
                requireStream(streamId, known);
                if (continuationStream == 0) {
                    throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR,
                            "CONTINUATION without a HEADERS before it (§6.10)");
                }
                boolean end = (flags & FLAG_END_HEADERS) != 0;
                if (end) {
                    continuationStream = 0;
                }
                sink.onContinuation(streamId, end, s, at, length);
            }
        }
    }

    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    /** The padding length of a PADDED frame (§6.1), checked against the payload; 0 when not padded. */
    private static int padding(MemorySegment s, long at, int length, int flags, int needed, H2FrameType type) {
        if ((flags & FLAG_PADDED) == 0) {
            return 0;
        }
        if (length < 1) {
            throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "a padded " + type + " without its Pad Length");
        }
        int pad = u8(s, at);
        if (pad + 1 + needed > length) {
            throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, "a " + type + "'s padding (" + pad
                    + ") is not shorter than its payload (" + length + ", §6.1)");
        }
        return pad;
    }

    private void data(MemorySegment s, long at, int length, int flags, int streamId, H2FrameSink sink) {
        requireStream(streamId, H2FrameType.DATA);
        int pad = padding(s, at, length, flags, 0, H2FrameType.DATA);
        int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
        sink.onData(streamId, (flags & FLAG_END_STREAM) != 0, s, at + start, length - start - pad, length);
    }

    private void headers(MemorySegment s, long at, int length, int flags, int streamId, H2FrameSink sink) {
        requireStream(streamId, H2FrameType.HEADERS);
        boolean priority = (flags & FLAG_PRIORITY) != 0;
        int pad = padding(s, at, length, flags, priority ? 5 : 0, H2FrameType.HEADERS);
        long p = at + ((flags & FLAG_PADDED) != 0 ? 1 : 0);
        int dependency = -1;
        boolean exclusive = false;
        int weight = 16;
        if (priority) {
            if (length - (p - at) < 5) {
                throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "HEADERS too short for its priority");
            }
            int d = s.get(BE_INT, p);
            dependency = d & 0x7FFF_FFFF;
            exclusive = d < 0;
            weight = u8(s, p + 4) + 1;
            p += 5;
        }
        boolean endHeaders = (flags & FLAG_END_HEADERS) != 0;
        if (!endHeaders) {
            continuationStream = streamId;
        }
        sink.onHeaders(streamId, (flags & FLAG_END_STREAM) != 0, endHeaders, dependency, exclusive, weight, s, p,
                (int) (length - (p - at) - pad));
    }

    private void pushPromise(MemorySegment s, long at, int length, int flags, int streamId, H2FrameSink sink) {
        requireStream(streamId, H2FrameType.PUSH_PROMISE);
        int pad = padding(s, at, length, flags, 4, H2FrameType.PUSH_PROMISE);
        long p = at + ((flags & FLAG_PADDED) != 0 ? 1 : 0);
        if (length - (p - at) < 4) {
            throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "PUSH_PROMISE without its stream id");
        }
        int promised = s.get(BE_INT, p) & 0x7FFF_FFFF;
        boolean endHeaders = (flags & FLAG_END_HEADERS) != 0;
        if (!endHeaders) {
            continuationStream = streamId;
        }
        sink.onPushPromise(streamId, endHeaders, promised, s, p + 4, (int) (length - (p + 4 - at) - pad));
    }

    private static void settings(MemorySegment s, long at, int length, int flags, int streamId, H2FrameSink sink) {
        requireConnection(streamId, H2FrameType.SETTINGS);
        boolean ack = (flags & FLAG_ACK) != 0;
        if (ack && length != 0) {
            throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "a SETTINGS ACK with a payload (§6.5)");
        }
        if (length % 6 != 0) {
            throw new H2Exception.Connection(H2ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + length
                    + " octets, not a multiple of 6 (§6.5)");
        }
        sink.onSettingsStart(ack);
        for (long p = at; p < at + length; p += 6) {
            int id = (u8(s, p) << 8) | u8(s, p + 1);
            long value = Integer.toUnsignedLong(s.get(BE_INT, p + 2));
            switch (id) {
                case SETTINGS_ENABLE_PUSH, SETTINGS_ENABLE_CONNECT_PROTOCOL -> {
                    if (value > 1) {
                        throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, "setting " + id + " is 0 or 1, not "
                                + value);
                    }
                }
                case SETTINGS_INITIAL_WINDOW_SIZE -> {
                    if (value > MAX_WINDOW_SIZE) {
                        throw new H2Exception.Connection(H2ErrorCode.FLOW_CONTROL_ERROR,
                                "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1: " + value + " (§6.5.2)");
                    }
                }
                case SETTINGS_MAX_FRAME_SIZE -> {
                    if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
                        throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR,
                                "SETTINGS_MAX_FRAME_SIZE outside 2^14..2^24-1: " + value + " (§6.5.2)");
                    }
                }
                default -> { }
            }
            sink.onSetting(id, value);
        }
        sink.onSettingsEnd();
    }

    private static void requireStream(int streamId, H2FrameType type) {
        if (streamId == 0) {
            throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, type + " on stream 0 (§6)");
        }
    }

    private static void requireConnection(int streamId, H2FrameType type) {
        if (streamId != 0) {
            throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, type + " on stream " + streamId
                    + ", not 0 (§6)");
        }
    }
}
