package io.fasterapi.api;

import java.util.List;

/**
 * What a WebSocket route does with its connection: the callbacks of one session, called one at a time, in
 * order. A route marked non-blocking ({@link Route#nonBlocking()}, {@link NonBlocking}) gets them on the event
 * loop, where they must not block; the others get them on a virtual thread of their own session, where
 * blocking is fine (the session stops reading while more than a few dozen messages wait for them).
 */
public interface WebSocketListener {

    /**
     * The subprotocol to agree to, one of those the client offered ({@code Sec-WebSocket-Protocol}), or null
     * for none. Called before the handshake is answered.
     */
    default String subprotocol(List<String> offered) {
        return null;
    }

    /** The handshake is done; sending is allowed. */
    default void onOpen(WebSocket ws) throws Exception {}

    /** A whole text message (reassembled from its fragments, decompressed, valid UTF-8). */
    default void onText(WebSocket ws, String text) throws Exception {}

    /** A whole binary message. */
    default void onBinary(WebSocket ws, byte[] data) throws Exception {}

    /**
     * The connection is closed: {@code code} is the peer's close code (1005 when it sent none), 1006 when the
     * connection ended without a close handshake, or the code this side closed with. Called exactly once,
     * after {@link #onOpen}.
     */
    default void onClose(WebSocket ws, int code, String reason) throws Exception {}

    /**
     * A callback threw {@code error}; the session closes with 1011 (internal error) after this. By default
     * the error is logged.
     */
    default void onError(WebSocket ws, Throwable error) {
        System.getLogger(WebSocketListener.class.getName())
                .log(System.Logger.Level.WARNING, "WebSocket listener failed on " + ws, error);
    }
}
