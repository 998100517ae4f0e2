package io.fasterapi.http1.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The handler the server tests talk to. */
final class TestRoutes {
    /** Counted down when an /async request reaches its handler (tests that need it in flight wait on it). */
    static volatile java.util.concurrent.CountDownLatch asyncStarted = new java.util.concurrent.CountDownLatch(1);

    private TestRoutes() {}

    static void handle(HttpExchange exchange) {
        String path = exchange.head().path();
        switch (path) {
            case "/hello" -> exchange.respond(200, HeaderLine.TEXT_PLAIN, HttpServerTest.HELLO);
            case "/echo" -> exchange.respond(200, HeaderLine.OCTET_STREAM, exchange.body(), exchange.bodyOffset(),
                    exchange.bodyLength());
            case "/async" -> {
                asyncStarted.countDown();
                exchange.loop().schedule(
                        () -> exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("later")), 100, TimeUnit.MILLISECONDS);
            }
            case "/vt" -> Thread.ofVirtual().start(() -> {
                byte[] body = ascii("from a virtual thread"); // work off the loop, answer on it
                exchange.loop().execute(() -> exchange.respond(200, HeaderLine.TEXT_PLAIN, body));
            });
            case "/stream" -> {
                exchange.startChunked(200, HeaderLine.TEXT_PLAIN);
                exchange.writeChunk(ascii("one,"));
                exchange.writeChunk(ascii("two,"));
                exchange.writeChunk(ascii("three"));
                exchange.endChunked();
            }
            case "/boom" -> throw new IllegalStateException("handler failure for the test");
            default -> exchange.respond(404, HeaderLine.TEXT_PLAIN, ascii("not found"));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
