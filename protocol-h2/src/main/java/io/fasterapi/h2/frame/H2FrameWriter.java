package io.fasterapi.h2.frame;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.fasterapi.h2.frame.H2Frames.*;

/**
 * Writes frames straight into a segment (the connection's pooled output buffer) at a position, returning the
 * position after the frame; the caller makes room first ({@link #HEADER_BYTES} plus the payload). The hot frames
 * (DATA and HEADERS headers, WINDOW_UPDATE, PING ACK, RST_STREAM) are primitive calls; {@link #write} writes any
 * {@link H2Frame} value.
 */
public final class H2FrameWriter {
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private H2FrameWriter() {}

    /** The nine-octet frame header (§4.1). */
    public static long header(MemorySegment out, long at, int length, H2FrameType type, int flags, int streamId) {
        out.set(ValueLayout.JAVA_BYTE, at, (byte) (length >>> 16));
        out.set(ValueLayout.JAVA_BYTE, at + 1, (byte) (length >>> 8));
        out.set(ValueLayout.JAVA_BYTE, at + 2, (byte) length);
        out.set(ValueLayout.JAVA_BYTE, at + 3, (byte) type.code());
        out.set(ValueLayout.JAVA_BYTE, at + 4, (byte) flags);
        out.set(BE_INT, at + 5, streamId & 0x7FFF_FFFF);
        return at + HEADER_BYTES;
    }

    public static long windowUpdate(MemorySegment out, long at, int streamId, int increment) {
        long p = header(out, at, 4, H2FrameType.WINDOW_UPDATE, 0, streamId);
        out.set(BE_INT, p, increment & 0x7FFF_FFFF);
        return p + 4;
    }

    public static long ping(MemorySegment out, long at, boolean ack, long data) {
        long p = header(out, at, 8, H2FrameType.PING, ack ? FLAG_ACK : 0, 0);
        out.set(BE_LONG, p, data);
        return p + 8;
    }

    public static long rstStream(MemorySegment out, long at, int streamId, H2ErrorCode code) {
        long p = header(out, at, 4, H2FrameType.RST_STREAM, 0, streamId);
        out.set(BE_INT, p, code.code());
        return p + 4;
    }

    public static long goAway(MemorySegment out, long at, int lastStreamId, H2ErrorCode code) {
        long p = header(out, at, 8, H2FrameType.GOAWAY, 0, 0);
        out.set(BE_INT, p, lastStreamId & 0x7FFF_FFFF);
        out.set(BE_INT, p + 4, code.code());
        return p + 8;
    }

    public static long settingsAck(MemorySegment out, long at) {
        return header(out, at, 0, H2FrameType.SETTINGS, FLAG_ACK, 0);
    }

    /** One SETTINGS parameter (after a SETTINGS header of 6 octets per parameter). */
    public static long setting(MemorySegment out, long at, int identifier, long value) {
        out.set(ValueLayout.JAVA_BYTE, at, (byte) (identifier >>> 8));
        out.set(ValueLayout.JAVA_BYTE, at + 1, (byte) identifier);
        out.set(BE_INT, at + 2, (int) value);
        return at + 6;
    }

    /** The octets {@code frame} takes on the wire. */
    public static int size(H2Frame frame) {
        return HEADER_BYTES + switch (frame) {
            case H2Frame.Data d -> d.data().length + (d.padding() > 0 ? d.padding() + 1 : 0);
            case H2Frame.Headers h -> h.block().length + (h.dependency() >= 0 ? 5 : 0)
                    + (h.padding() > 0 ? h.padding() + 1 : 0);
            case H2Frame.Priority p -> 5;
            case H2Frame.RstStream r -> 4;
            case H2Frame.Settings s -> 6 * s.settings().size();
            case H2Frame.PushPromise p -> 4 + p.block().length;
            case H2Frame.Ping p -> 8;
            case H2Frame.GoAway g -> 8 + g.debugData().length;
            case H2Frame.WindowUpdate w -> 4;
            case H2Frame.Continuation c -> c.block().length;
        };
    }

    /** Writes {@code frame}; {@code out} must have {@link #size} octets from {@code at}. */
    public static long write(H2Frame frame, MemorySegment out, long at) {
        int length = size(frame) - HEADER_BYTES;
        return switch (frame) {
            case H2Frame.Data d -> {
                long p = header(out, at, length, H2FrameType.DATA, (d.endStream() ? FLAG_END_STREAM : 0)
                        | (d.padding() > 0 ? FLAG_PADDED : 0), d.streamId());
                if (d.padding() > 0) {
                    out.set(ValueLayout.JAVA_BYTE, p++, (byte) d.padding());
                }
                p = bytes(out, p, d.data());
                yield zeros(out, p, d.padding());
            }
            case H2Frame.Headers h -> {
                int flags = (h.endStream() ? FLAG_END_STREAM : 0) | (h.endHeaders() ? FLAG_END_HEADERS : 0)
                        | (h.padding() > 0 ? FLAG_PADDED : 0) | (h.dependency() >= 0 ? FLAG_PRIORITY : 0);
                long p = header(out, at, length, H2FrameType.HEADERS, flags, h.streamId());
                if (h.padding() > 0) {
                    out.set(ValueLayout.JAVA_BYTE, p++, (byte) h.padding());
                }
                if (h.dependency() >= 0) {
                    out.set(BE_INT, p, h.dependency() | (h.exclusive() ? 0x8000_0000 : 0));
                    out.set(ValueLayout.JAVA_BYTE, p + 4, (byte) (h.weight() - 1));
                    p += 5;
                }
                p = bytes(out, p, h.block());
                yield zeros(out, p, h.padding());
            }
            case H2Frame.Priority pr -> {
                long p = header(out, at, 5, H2FrameType.PRIORITY, 0, pr.streamId());
                out.set(BE_INT, p, pr.dependency() | (pr.exclusive() ? 0x8000_0000 : 0));
                out.set(ValueLayout.JAVA_BYTE, p + 4, (byte) (pr.weight() - 1));
                yield p + 5;
            }
            case H2Frame.RstStream r -> {
                long p = header(out, at, 4, H2FrameType.RST_STREAM, 0, r.streamId());
                out.set(BE_INT, p, (int) r.errorCode());
                yield p + 4;
            }
            case H2Frame.Settings s -> {
                long p = header(out, at, length, H2FrameType.SETTINGS, s.ack() ? FLAG_ACK : 0, 0);
                for (long[] pair : s.settings()) {
                    p = setting(out, p, (int) pair[0], pair[1]);
                }
                yield p;
            }
            case H2Frame.PushPromise pp -> {
                long p = header(out, at, length, H2FrameType.PUSH_PROMISE, pp.endHeaders() ? FLAG_END_HEADERS : 0,
                        pp.streamId());
                out.set(BE_INT, p, pp.promisedStreamId());
                yield bytes(out, p + 4, pp.block());
            }
            case H2Frame.Ping pg -> ping(out, at, pg.ack(), pg.opaqueData());
            case H2Frame.GoAway g -> {
                long p = header(out, at, length, H2FrameType.GOAWAY, 0, 0);
                out.set(BE_INT, p, g.lastStreamId());
                out.set(BE_INT, p + 4, (int) g.errorCode());
                yield bytes(out, p + 8, g.debugData());
            }
            case H2Frame.WindowUpdate w -> windowUpdate(out, at, w.streamId(), w.increment());
            case H2Frame.Continuation c -> {
                long p = header(out, at, length, H2FrameType.CONTINUATION, c.endHeaders() ? FLAG_END_HEADERS : 0,
                        c.streamId());
                yield bytes(out, p, c.block());
            }
        };
    }

    private static long bytes(MemorySegment out, long at, byte[] data) {
        MemorySegment.copy(data, 0, out, ValueLayout.JAVA_BYTE, at, data.length);
        return at + data.length;
    }

    private static long zeros(MemorySegment out, long at, int n) {
        out.asSlice(at, n).fill((byte) 0);
        return at + n;
    }
}
