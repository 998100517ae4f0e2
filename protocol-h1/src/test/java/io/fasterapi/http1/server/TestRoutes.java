package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The handler the server tests talk to. */
final class TestRoutes {
    /** Counted down when an /async request reaches its handler (tests that need it in flight wait on it). */
    static volatile java.util.concurrent.CountDownLatch asyncStarted = new java.util.concurrent.CountDownLatch(1);

    /** The most output /small found pending on its connection (back-pressure tests). */
    static final java.util.concurrent.atomic.AtomicLong maxPendingOutput = new java.util.concurrent.atomic.AtomicLong();
    static final byte[] BIG = new byte[8 * 1024 * 1024];
    static final byte[] KILOBYTE = new byte[1024];

    /** What the late second answer of /answer-twice-late ran into (the test expects IllegalStateException). */
    static final java.util.concurrent.CompletableFuture<Throwable> lateSecondAnswer = new java.util.concurrent.CompletableFuture<>();

    private TestRoutes() {}

    static void handle(HttpExchange exchange) {
        String path = exchange.head().path();
        switch (path) {
            case "/hello" -> exchange.respond(200, HeaderLine.TEXT_PLAIN, HttpServerTest.HELLO);
            case "/tls" -> {
                io.fasterapi.io.tls.TlsSession tls = exchange.tls();
                String text = tls == null ? "plaintext" : tls.protocolVersion() + "|" + tls.serverName() + "|"
                        + (tls.peerCertificate() == null ? "no client certificate"
                        : tls.peerCertificate().getSubjectX500Principal().getName());
                exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii(text));
            }
            case "/echo" -> exchange.respond(200, HeaderLine.OCTET_STREAM, exchange.body(), exchange.bodyOffset(),
                    exchange.bodyLength());
            case "/async" -> {
                asyncStarted.countDown();
                exchange.loop().schedule(
                        () -> exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("later")), 100, TimeUnit.MILLISECONDS);
            }
            case "/async2" -> exchange.loop().schedule(
                    () -> exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("later2")), 50, TimeUnit.MILLISECONDS);
            case "/big" -> exchange.respond(200, HeaderLine.OCTET_STREAM, BIG);
            case "/small" -> {
                maxPendingOutput.accumulateAndGet(((Http1Exchange) exchange).pendingOutboundBytesForTest(), Math::max);
                exchange.respond(200, HeaderLine.OCTET_STREAM, KILOBYTE);
            }
            case "/vt" -> Thread.ofVirtual().start(() -> {
                byte[] body = ascii("from a virtual thread"); // work off the loop, answer on it
                exchange.loop().execute(() -> exchange.respond(200, HeaderLine.TEXT_PLAIN, body));
            });
            case "/stream" -> {
                exchange.startStreaming(200, HeaderLine.TEXT_PLAIN);
                exchange.writeBody(ascii("one,"));
                exchange.writeBody(ascii("two,"));
                exchange.writeBody(ascii("three"));
                exchange.endStreaming();
            }
            case "/boom" -> throw new IllegalStateException("handler failure for the test");
            case "/answer-then-throw" -> {
                exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("answered"));
                throw new IllegalStateException("after the answer, for the test");
            }
            case "/stream-204" -> {
                exchange.startStreaming(204, HeaderLine.TEXT_PLAIN);
                exchange.writeBody(ascii("dropped"));
                exchange.endStreaming();
            }
            case "/answer-twice-late" -> {
                exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("first"));
                exchange.loop().schedule(() -> {
                    try {
                        exchange.respond(200, HeaderLine.TEXT_PLAIN, ascii("second, late"));
                        lateSecondAnswer.complete(null);
                    } catch (Throwable t) {
                        lateSecondAnswer.complete(t);
                    }
                }, 30, TimeUnit.MILLISECONDS);
            }
            case "/interim" -> exchange.respond(103, HeaderLine.TEXT_PLAIN, ascii("no"));
            default -> exchange.respond(404, HeaderLine.TEXT_PLAIN, ascii("not found"));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
