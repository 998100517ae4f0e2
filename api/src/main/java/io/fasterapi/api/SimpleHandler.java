package io.fasterapi.api;

/**
 * A route handler that needs nothing from the request: {@code app.get("/health", () -> Map.of("status", "ok"))}.
 * Non-blocking simple handlers that return the same String or byte array every time are answered without
 * any allocation.
 */
@FunctionalInterface
public interface SimpleHandler {
    Object handle() throws Exception;
}
