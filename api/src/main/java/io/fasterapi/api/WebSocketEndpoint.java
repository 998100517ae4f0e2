package io.fasterapi.api;

/**
 * Opens a WebSocket route's session: reads what it needs from the handshake request (path and query
 * parameters, headers, dependencies through {@link Request}) and returns the listener, or throws
 * {@link HttpException} to refuse the handshake with that status.
 */
@FunctionalInterface
public interface WebSocketEndpoint {
    WebSocketListener open(Request request) throws Exception;
}
