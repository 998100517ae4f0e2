package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;

/**
 * Receives what {@link WsFrameParser} parses, as messages: fragmentation is resolved, payloads are unmasked.
 * Views are valid only during the call.
 */
public interface WsFrameSink {
    /** A text or binary message begins; {@code compression} is DEFLATE when its first frame has RSV1. */
    void onMessageStart(WsMessageType type, WsCompression compression);

    /** Payload bytes of the current message (still compressed if it is), in order, unmasked. */
    void onMessageData(MemorySegment data, long offset, int length);

    /** The current message's last frame ended. */
    void onMessageEnd();

    /** A whole control frame (close, ping or pong), unmasked. */
    void onControl(WsOpcode opcode, MemorySegment data, long offset, int length);
}
