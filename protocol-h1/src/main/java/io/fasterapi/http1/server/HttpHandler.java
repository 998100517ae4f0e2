package io.fasterapi.http1.server;

/**
 * Handles requests. Runs on the connection's event loop and must not block. It answers through the
 * exchange, at once or later (from another thread, through {@link HttpExchange#loop()}); until it has
 * answered, the connection reads no further request, so pipelined responses keep their order.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange);
}
