package io.fasterapi.api;

import io.fasterapi.io.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket routes of the API, driven by the JDK's WebSocket client (an independent implementation). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketRouteTest {

    /** A per-request dependency with a clean-up: for a WebSocket route it lives as long as the session. */
    public static final class Greeter {
        final List<String> log;

        Greeter(List<String> log) {
            this.log = log;
        }

        String greet(String user, String room) {
            return "welcome " + user + " to " + room;
        }
    }

    public static final class RoomsApi {
        final List<String> log;

        RoomsApi(List<String> log) {
            this.log = log;
        }

        @WebSocketRoute("/ws/rooms/{room}")
        public WebSocketListener room(@Path String room, @Query(defaultValue = "anon") String user, Greeter greeter) {
            return new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws) {
                    ws.sendText(greeter.greet(user, room));
                }

                @Override
                public void onText(WebSocket ws, String text) {
                    if (text.equals("leave")) {
                        ws.close(4000, "left " + room);
                    } else if (text.equals("fail")) {
                        throw new IllegalStateException("listener failure for the test");
                    } else {
                        ws.sendText(room + ":" + text);
                    }
                }

                @Override
                public void onBinary(WebSocket ws, byte[] data) {
                    byte[] reversed = new byte[data.length];
                    for (int i = 0; i < data.length; i++) {
                        reversed[i] = data[data.length - 1 - i];
                    }
                    ws.sendBinary(reversed);
                }

                @Override
                public void onClose(WebSocket ws, int code, String reason) {
                    log.add("closed " + code + " " + reason);
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    log.add("error " + error.getMessage());
                }
            };
        }

        @WebSocketRoute("/ws/numbers/{id}")
        public WebSocketListener numbers(@Path int id) {
            return new WebSocketListener() {};
        }
    }

    private final List<String> log = new CopyOnWriteArrayList<>();

    private App app() {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withEngine(EngineConfig.builder().eventLoops(1).build()));
        app.dependency(Greeter.class, context -> new Greeter(log), (greeter, failure) -> log.add("greeter cleaned up"));
        app.include(new RoomsApi(log));
        return app;
    }

    /** Collects what a JDK client receives. */
    static final class Client implements java.net.http.WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object value = received.poll(10, TimeUnit.SECONDS);
            if (value == null) {
                throw new AssertionError("nothing received in 10 s");
            }
            return value;
        }
    }

    private static java.net.http.WebSocket connect(HttpClient http, String url, Client client, String... subprotocols)
            throws Exception {
        java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
    }

    @Test
    void typedParametersDependenciesMessagesAndCloseHandshake() throws Exception {
        try (AppServer server = app().start(0); HttpClient http = HttpClient.newHttpClient()) {
            Client client = new Client();
            java.net.http.WebSocket ws = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/rooms/lobby?user=ada", client);
            assertEquals("welcome ada to lobby", client.next());
            ws.sendText("hello", true).join();
            assertEquals("lobby:hello", client.next());
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertArrayEquals(new byte[] {3, 2, 1}, (byte[]) client.next());
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                big.append("héllo ");
            }
            ws.sendText(big, true).join(); // 140 KB: several frames and reads
            assertEquals("lobby:" + big, client.next());
            ws.sendClose(1000, "bye").join();
            assertEquals("1000 ", client.closed.get(10, TimeUnit.SECONDS)); // the server echoes the code
            awaitLog("closed 1000 bye");
            awaitLog("greeter cleaned up");
            assertTrue(log.indexOf("closed 1000 bye") < log.indexOf("greeter cleaned up"),
                    "dependencies are cleaned up after the session: " + log);
        }
    }

    @Test
    void serverCloseWithCodeAndReasonAndListenerFailureAs1011() throws Exception {
        try (AppServer server = app().start(0); HttpClient http = HttpClient.newHttpClient()) {
            Client client = new Client();
            java.net.http.WebSocket ws = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/rooms/r1", client);
            assertEquals("welcome anon to r1", client.next());
            ws.sendText("leave", true).join();
            assertEquals("4000 left r1", client.closed.get(10, TimeUnit.SECONDS));

            Client failing = new Client();
            java.net.http.WebSocket ws2 = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/rooms/r2", failing);
            failing.next();
            ws2.sendText("fail", true).join();
            assertEquals("1011 internal error", failing.closed.get(10, TimeUnit.SECONDS));
            awaitLog("error listener failure for the test");
        }
    }

    @Test
    void nonBlockingRouteRunsOnTheLoopAndBlockingRouteKeepsOrder() throws Exception {
        App app = app();
        List<String> threads = new CopyOnWriteArrayList<>();
        app.websocket("/ws/loop", request -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                threads.add(Thread.currentThread().getName());
                ws.sendText(text.toUpperCase());
            }
        }).nonBlocking();
        app.websocket("/ws/slow", request -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) throws Exception {
                threads.add(Thread.currentThread().isVirtual() ? "virtual" : Thread.currentThread().getName());
                Thread.sleep(1); // blocking is fine here
                ws.sendText(text).toCompletableFuture().join(); // back-pressure: wait until sendable
            }
        });
        try (AppServer server = app.start(0); HttpClient http = HttpClient.newHttpClient()) {
            Client client = new Client();
            java.net.http.WebSocket ws = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/loop", client);
            ws.sendText("abc", true).join();
            assertEquals("ABC", client.next());
            assertTrue(threads.getFirst().startsWith("fasterapi-"), threads.toString());
            ws.sendClose(1000, "").join();
            client.closed.get(10, TimeUnit.SECONDS);

            threads.clear();
            Client slow = new Client();
            java.net.http.WebSocket ws2 = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/slow", slow);
            int n = 300; // more than the 64 queued messages that pause reading
            for (int i = 0; i < n; i++) {
                ws2.sendText("m" + i, true).join();
            }
            for (int i = 0; i < n; i++) {
                assertEquals("m" + i, slow.next(), "messages are handled one at a time, in order");
            }
            assertTrue(threads.stream().allMatch("virtual"::equals), threads.toString());
            ws2.sendClose(1000, "").join();
            slow.closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void subprotocolIsChosenByTheListener() throws Exception {
        App app = app();
        app.websocket("/ws/chat", request -> new WebSocketListener() {
            @Override
            public String subprotocol(List<String> offered) {
                return offered.contains("chat.v2") ? "chat.v2" : null;
            }
        });
        try (AppServer server = app.start(0); HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.WebSocket ws = connect(http, "ws://127.0.0.1:" + server.port() + "/ws/chat", new Client(),
                    "chat.v1", "chat.v2");
            assertEquals("chat.v2", ws.getSubprotocol());
            ws.sendClose(1000, "").join();
        }
    }

    @Test
    void handshakeErrorsAreHttpAnswers() throws Exception {
        App app = app();
        app.websocket("/ws/private", request -> {
            if (!"secret".equals(request.header("X-Token"))) {
                throw new HttpException(403, "Forbidden");
            }
            return new WebSocketListener() {};
        });
        try (AppServer server = app.start(0); HttpClient http = HttpClient.newHttpClient()) {
            String base = "127.0.0.1:" + server.port();
            // A plain HTTP/1.1 GET to a WebSocket route: 426 with the protocol to upgrade to. (Over HTTP/2 the
            // Upgrade field is connection-specific and not sent, RFC 9113 §8.2.2; the JDK client would upgrade to h2c.)
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/ws/private"))
                    .version(HttpClient.Version.HTTP_1_1).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(426, plain.statusCode());
            assertEquals("websocket", plain.headers().firstValue("Upgrade").orElseThrow());

            assertEquals(403, handshakeStatus(http, "ws://" + base + "/ws/private"));
            assertEquals(422, handshakeStatus(http, "ws://" + base + "/ws/numbers/abc"));
            java.net.http.WebSocket ok = http.newWebSocketBuilder().header("X-Token", "secret")
                    .buildAsync(URI.create("ws://" + base + "/ws/private"), new Client()).get(10, TimeUnit.SECONDS);
            ok.sendClose(1000, "").join();
        }
    }

    private static int handshakeStatus(HttpClient http, String url) throws Exception {
        try {
            http.newWebSocketBuilder().buildAsync(URI.create(url), new Client()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            return refused.getResponse().statusCode();
        }
        throw new AssertionError("the handshake succeeded");
    }

    private void awaitLog(String entry) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.contains(entry) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(log.contains(entry), "expected '" + entry + "' in " + new ArrayList<>(log));
    }
}
