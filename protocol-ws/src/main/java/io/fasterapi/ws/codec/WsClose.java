package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The payload of a close frame (RFC 6455 §5.5.1): an optional 2-byte status code and a UTF-8 reason. */
public record WsClose(int code, String reason) {
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** What a close frame without payload means. */
    public static final WsClose NO_STATUS = new WsClose(WsCloseCodes.NO_STATUS, "");

    /**
     * Reads and validates a received close payload: one byte is a protocol error, a code that must not be on
     * the wire is a protocol error, a reason that is not UTF-8 is 1007.
     */
    public static WsClose parse(MemorySegment data, long offset, int length) {
        if (length == 0) {
            return NO_STATUS;
        }
        if (length == 1) {
            throw new WsException(WsCloseCodes.PROTOCOL_ERROR, "invalid_close_payload", "a 1-byte close payload");
        }
        int code = Short.toUnsignedInt(data.get(SHORT_BE, offset));
        if (!WsCloseCodes.isValidOnTheWire(code)) {
            throw new WsException(WsCloseCodes.PROTOCOL_ERROR, "invalid_close_code", "close code " + code);
        }
        Utf8Validator utf8 = new Utf8Validator();
        if (!utf8.update(data, offset + 2, length - 2) || !utf8.isComplete()) {
            throw new WsException(WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8", "close reason is not UTF-8");
        }
        byte[] reason = data.asSlice(offset + 2, length - 2).toArray(ValueLayout.JAVA_BYTE);
        return new WsClose(code, new String(reason, StandardCharsets.UTF_8));
    }

    /**
     * The payload to send: code and reason, the reason cut at a character boundary so the payload stays
     * within the 125 bytes of a control frame.
     */
    public byte[] encode() {
        if (code == WsCloseCodes.NO_STATUS) {
            return new byte[0];
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 123);
        while (n > 0 && n < text.length && (text[n] & 0xC0) == 0x80) {
            n--; // do not cut inside a multi-byte character
        }
        byte[] out = new byte[2 + n];
        out[0] = (byte) (code >>> 8);
        out[1] = (byte) code;
        System.arraycopy(text, 0, out, 2, n);
        return out;
    }
}
