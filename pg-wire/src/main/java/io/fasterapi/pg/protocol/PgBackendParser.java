package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backend messages (PostgreSQL protocol 3.0). Every message is
 * <pre>
 *   Byte1(type) Int32(length, counting itself but not the type) body[length - 4]
 * </pre>
 * The parser peeks at the five header bytes, waits until the whole message is there, and decodes it within
 * its bounds only (as vertx-pg-client's {@code PgDecoder} and asyncpg's {@code coreproto} do): a message is
 * never half-consumed, so views handed to the sink cover whole values. It keeps no state between calls.
 * Messages longer than {@link PgLimits#maxMessageBytes()}, unknown types and malformed bodies raise
 * {@link PgProtocolException}.
 */
public final class PgBackendParser {
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final PgLimits limits;

    public PgBackendParser(PgLimits limits) {
        this.limits = limits;
    }

    /**
     * Decodes the whole messages in {@code segment[from, to)} into {@code sink}; returns the offset after the
     * last whole message (the rest must be offered again with more bytes). Stops early, after a message, when
     * {@code pause} says so ({@link Pause#paused()} is checked after each message).
     */
    public long parse(MemorySegment segment, long from, long to, PgBackendSink sink, Pause pause) {
        long pos = from;
        while (to - pos >= 5) {
            byte type = segment.get(ValueLayout.JAVA_BYTE, pos);
            int length = segment.get(INT_BE, pos + 1);
            if (length < 4 || length > limits.maxMessageBytes() - 1) {
                throw new PgProtocolException(length < 4 ? "invalid_message_length" : "message_too_large",
                        "message '" + (char) type + "' of " + length + " bytes (limit " + limits.maxMessageBytes() + ")");
            }
            if (to - pos < 1 + (long) length) {
                break;
            }
            long body = pos + 5;
            dispatch(type, segment, body, length - 4, sink);
            pos = body + length - 4;
            if (pause != null && pause.paused()) {
                break;
            }
        }
        return pos;
    }

    /** Lets the sink stop the parser between messages (for example to apply back-pressure). */
    @FunctionalInterface
    public interface Pause {
        boolean paused();
    }

    private void dispatch(byte type, MemorySegment s, long body, int length, PgBackendSink sink) {
        switch (type) {
            case 'D' -> sink.onDataRow(s, body, length);
            case 'C' -> {
                long nul = nul(s, body, body + length);
                sink.onCommandComplete(s, body, (int) (nul - body));
            }
            case 'Z' -> {
                need(length == 1, "ReadyForQuery");
                sink.onReadyForQuery(s.get(ValueLayout.JAVA_BYTE, body));
            }
            case 'T' -> sink.onRowDescription(s, body, length);
            case '1' -> sink.onParseComplete();
            case '2' -> sink.onBindComplete();
            case '3' -> sink.onCloseComplete();
            case 'n' -> sink.onNoData();
            case 's' -> sink.onPortalSuspended();
            case 'I' -> sink.onEmptyQuery();
            case 't' -> sink.onParameterDescription(parameterTypes(s, body, length));
            case 'E' -> sink.onError(fields(s, body, body + length));
            case 'N' -> sink.onNotice(fields(s, body, body + length));
            case 'R' -> {
                need(length >= 4, "Authentication");
                sink.onAuthentication(s.get(INT_BE, body), s, body + 4, length - 4);
            }
            case 'S' -> {
                long nameEnd = nul(s, body, body + length);
                long valueEnd = nul(s, nameEnd + 1, body + length);
                sink.onParameterStatus(utf8(s, body, nameEnd), utf8(s, nameEnd + 1, valueEnd));
            }
            case 'K' -> {
                need(length == 8, "BackendKeyData");
                sink.onBackendKeyData(s.get(INT_BE, body), s.get(INT_BE, body + 4));
            }
            case 'G', 'H', 'W' -> {
                need(length >= 3, "CopyResponse");
                sink.onCopyResponse(type, s.get(ValueLayout.JAVA_BYTE, body), s.get(SHORT_BE, body + 1));
            }
            case 'd' -> sink.onCopyData(s, body, length);
            case 'c' -> sink.onCopyDone();
            case 'A' -> {
                need(length >= 6, "NotificationResponse");
                long channelEnd = nul(s, body + 4, body + length);
                long payloadEnd = nul(s, channelEnd + 1, body + length);
                sink.onNotification(s.get(INT_BE, body), utf8(s, body + 4, channelEnd),
                        utf8(s, channelEnd + 1, payloadEnd));
            }
            case 'v' -> negotiate(s, body, length, sink);
            default -> throw new PgProtocolException("unknown_message",
                    "backend message type 0x" + Integer.toHexString(type & 0xFF));
        }
    }

    private static int[] parameterTypes(MemorySegment s, long body, int length) {
        need(length >= 2, "ParameterDescription");
        int count = Short.toUnsignedInt(s.get(SHORT_BE, body));
        need(length == 2 + 4 * count, "ParameterDescription");
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = s.get(INT_BE, body + 2 + 4L * i);
        }
        return types;
    }

    private static void negotiate(MemorySegment s, long body, int length, PgBackendSink sink) {
        need(length >= 8, "NegotiateProtocolVersion");
        int count = s.get(INT_BE, body + 4);
        need(count >= 0 && count <= length, "NegotiateProtocolVersion");
        String[] options = new String[count];
        long p = body + 8;
        for (int i = 0; i < count; i++) {
            long end = nul(s, p, body + length);
            options[i] = utf8(s, p, end);
            p = end + 1;
        }
        sink.onNegotiateProtocolVersion(s.get(INT_BE, body), options);
    }

    /** ErrorResponse and NoticeResponse bodies: {@code (Byte1 code, String value)*, Byte1 0}. */
    static PgError fields(MemorySegment s, long from, long end) {
        Map<Character, String> fields = new LinkedHashMap<>();
        long p = from;
        while (p < end) {
            byte code = s.get(ValueLayout.JAVA_BYTE, p);
            if (code == 0) {
                return new PgError(fields);
            }
            long valueEnd = nul(s, p + 1, end);
            fields.put((char) code, utf8(s, p + 1, valueEnd));
            p = valueEnd + 1;
        }
        throw new PgProtocolException("malformed_message", "error fields without their terminator");
    }

    /** The offset of the NUL that ends the string at {@code from}, which must come before {@code end}. */
    static long nul(MemorySegment s, long from, long end) {
        for (long p = from; p < end; p++) {
            if (s.get(ValueLayout.JAVA_BYTE, p) == 0) {
                return p;
            }
        }
        throw new PgProtocolException("malformed_message", "a string runs past the end of its message");
    }

    static String utf8(MemorySegment s, long from, long end) {
        int n = (int) (end - from);
        byte[] bytes = new byte[n];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, from, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void need(boolean ok, String message) {
        if (!ok) {
            throw new PgProtocolException("malformed_message", message + " has the wrong length");
        }
    }
}
