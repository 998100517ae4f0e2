package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;

/**
 * Receives what {@link WsMessageAssembler} assembles: whole data messages and the control frames that arrive
 * between (or inside) them, in wire order. Views are valid during the call only: whoever must keep bytes
 * copies them. Called on the thread that feeds the parser.
 */
public interface WsMessageSink {
    /**
     * A whole message (RFC 6455 §5.4, §5.6): reassembled from its fragments, inflated (RFC 7692 §6.2) and, for
     * text, validated as UTF-8: {@code data[offset, offset + length)}.
     */
    void onMessage(WsMessageType type, MemorySegment data, long offset, int length);

    /** A whole control frame, close, ping or pong (RFC 6455 §5.5), unmasked, passed on as it came. */
    void onControl(WsOpcode opcode, MemorySegment data, long offset, int length);
}
