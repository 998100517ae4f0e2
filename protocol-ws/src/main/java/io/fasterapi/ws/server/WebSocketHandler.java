package io.fasterapi.ws.server;

import io.fasterapi.ws.codec.WsMessageType;

import java.lang.foreign.MemorySegment;

/**
 * What an application implements for one WebSocket connection. Callbacks run on the connection's event loop,
 * one at a time, and must not block.
 */
public interface WebSocketHandler {

    /** The handshake is done; sending is allowed. */
    default void onOpen(WebSocketSession session) {}

    /**
     * A whole message, reassembled, decompressed and (for text) validated as UTF-8:
     * {@code data[offset, offset + length)}, valid during this call only (copy what must outlive it).
     */
    void onMessage(WebSocketSession session, WsMessageType type, MemorySegment data, long offset, int length);

    /** Pending output fell below the low water mark after {@link WebSocketSession#isWritable()} was false. */
    default void onWritable(WebSocketSession session) {}

    /**
     * The connection is closed. {@code code} is the peer's close code, 1005 when it sent none, 1006 when the
     * connection ended without a close handshake, or the code we closed with.
     */
    default void onClose(WebSocketSession session, int code, String reason) {}
}
