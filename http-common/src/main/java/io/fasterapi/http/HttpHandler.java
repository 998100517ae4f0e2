package io.fasterapi.http;

/**
 * Handles requests, whatever the HTTP version. Runs on the exchange's event loop and must not block. It
 * answers through the exchange, at once or later (from another thread, through {@link HttpExchange#loop()}).
 * Each request has an exchange of its own.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange);
}
