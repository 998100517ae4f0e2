package io.fasterapi.examples;

import io.fasterapi.api.AccessLog;
import io.fasterapi.api.App;
import io.fasterapi.api.AppConfig;
import io.fasterapi.api.WebSocket;
import io.fasterapi.api.WebSocketListener;

import java.util.Map;

/**
 * The demo: a small item service on port 8000 ({@code PORT} overrides), in memory for now.
 *
 * <pre>
 * GET    /health              {"status":"ok"}
 * GET    /items?limit=&amp;offset=   a page of items
 * GET    /items/{id}          one item, or 404
 * POST   /items               create (201)
 * PUT    /items/{id}          replace
 * DELETE /items/{id}          remove (204)
 * GET    /plaintext, /json    the TechEmpower tests
 * WS     /ws/echo             echoes every message (text or binary), permessage-deflate when asked
 * </pre>
 *
 * Stops gracefully on SIGTERM and SIGINT (Ctrl-C).
 */
public final class DemoApp {
    private DemoApp() {}

    /** The app, for the demo's main and its tests. */
    public static App create(AppConfig config, ItemStore store, boolean accessLog) {
        App app = App.create(config);
        if (accessLog) {
            app.middleware(new AccessLog());
        }
        app.get("/health", () -> Map.of("status", "ok")).nonBlocking();
        // A constant String: encoded once, then answered with no allocation at all.
        app.get("/plaintext", () -> "Hello, World!").nonBlocking();
        app.get("/json", () -> Map.of("message", "Hello, World!")).nonBlocking();
        // Echo on the event loop: the listener never blocks.
        app.websocket("/ws/echo", request -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onBinary(WebSocket ws, byte[] data) {
                ws.sendBinary(data);
            }
        }).nonBlocking();
        app.singleton(ItemStore.class, store);
        app.include(new ItemsApi());
        return app;
    }

    public static void main(String[] args) {
        App app = create(AppConfig.defaults(), new ItemStore(), Boolean.parseBoolean(System.getenv()
                .getOrDefault("ACCESS_LOG", "true")));
        app.run();
    }
}
