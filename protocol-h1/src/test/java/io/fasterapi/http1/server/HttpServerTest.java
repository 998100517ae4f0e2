package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.http1.codec.Http1Limits;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP/1.1 server end to end, against independent clients: curl, the JDK's HttpClient, and raw sockets
 * for what well-behaved clients never send. Runs on every transport (subclasses).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class HttpServerTest {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    abstract Transport transport();

    EventLoopGroup group;
    HttpServer server;

    HttpServerConfig config() {
        return HttpServerConfig.defaults()
                .withRequestHeadTimeoutMillis(400)
                .withIdleTimeoutMillis(800)
                .withLimits(Http1Limits.defaults().withMaxBodyBytes(1024 * 1024));
    }

    @BeforeEach
    void start() throws IOException {
        group = EventLoopGroup.create(EngineConfig.builder().transport(transport()).eventLoops(2).build());
        server = HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config(),
                TestRoutes::handle);
    }

    @AfterEach
    void stop() {
        group.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    // ---------------------------------------------------------------- independent clients

    @Test
    void curlGetsAResponseWithDateServerAndLength() throws Exception {
        String out = Curl.run("-sS", "-i", uri("/hello").toString());
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nServer: FasterAPI\r\n"), out);
        assertTrue(out.matches("(?s).*\r\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), out);
        assertTrue(out.contains("\r\nContent-Length: 13\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\nHello, World!"), out);
    }

    @Test
    void curlPostsWithExpectContinueAndGetsItBack() throws Exception {
        String body = "x".repeat(50_000);
        String out = Curl.run("-sS", "-H", "Expect: 100-continue", "-H", "Content-Type: text/plain",
                "--data-binary", body, uri("/echo").toString());
        assertEquals(body, out);
    }

    @Test
    void curlReadsAChunkedResponse() throws Exception {
        String out = Curl.run("-sS", "-i", "--raw", uri("/stream").toString());
        assertTrue(out.contains("Transfer-Encoding: chunked"), out);
        String plain = Curl.run("-sS", uri("/stream").toString());
        assertEquals("one,two,three", plain);
    }

    @Test
    void curlSendsAChunkedBody() throws Exception {
        String out = Curl.run("-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "chunky body",
                uri("/echo").toString());
        assertEquals("chunky body", out);
    }

    @Test
    void jdkClientKeepsTheConnectionAcrossRequests() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello, World!", r.body());
            }
            byte[] payload = new byte[300_000];
            new Random(3).nextBytes(payload);
            HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(payload, echoed.body());
            // An unknown-length body: the JDK client sends it chunked.
            HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream("streamed".getBytes(StandardCharsets.US_ASCII))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("streamed", chunked.body());
        }
    }

    @Test
    void jdkClientGetsAnswersProducedOnVirtualThreadsAndTimers() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertEquals("from a virtual thread", client.send(HttpRequest.newBuilder(uri("/vt")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("later", client.send(HttpRequest.newBuilder(uri("/async")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    // ---------------------------------------------------------------- raw sockets

    @Test
    void pipelinedResponsesKeepTheirOrderEvenWhenOneIsAsync() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /async HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nping"
                    + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            String all = readAll(s);
            List<String> bodies = bodies(all);
            assertEquals(List.of("Hello, World!", "later", "ping", "Hello, World!"), bodies, all);
        }
    }

    /**
     * More pipelined input than one read slice (16 KiB), with async answers in between: each request waits for
     * the one before it, so every response arrives, in order.
     */
    @Test
    void pipelinedBacklogBeyondOneSliceWaitsForAsyncAnswers() throws Exception {
        StringBuilder requests = new StringBuilder("GET /async HTTP/1.1\r\nHost: a\r\n\r\n");
        List<String> expected = new ArrayList<>(List.of("later"));
        String pad = "p".repeat(100);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 120; i++) {
                requests.append("GET /hello HTTP/1.1\r\nHost: a\r\nX-Pad: ").append(pad).append("\r\n\r\n");
                expected.add("Hello, World!");
            }
            if (round == 0) {
                requests.append("GET /async2 HTTP/1.1\r\nHost: a\r\n\r\n");
                expected.add("later2");
            }
        }
        requests.append("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        expected.add("Hello, World!");
        assertTrue(requests.length() > 32 * 1024);
        try (Socket s = socket()) {
            send(s, requests.toString());
            String all = readAll(s);
            assertEquals(expected, bodies(all));
        }
    }

    /**
     * A client that pipelines requests and never reads the answers: the server stops parsing once its output
     * is above the high water mark, so pending output stays bounded instead of growing with the input.
     */
    @Test
    void clientThatDoesNotReadCannotPileUpResponses() throws Exception {
        TestRoutes.maxPendingOutput.set(0);
        byte[] request = "GET /small HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] batch = new byte[request.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(request, 0, batch, i * request.length, request.length);
        }
        // A server of its own with a long idle timeout: the shared one closes after 800 ms without request bytes
        // read, which (by design) also happens while reading is paused, and its graceful close then drains the
        // client's input, which made this test flaky.
        EventLoopGroup own = EventLoopGroup.create(EngineConfig.builder().transport(transport()).eventLoops(1).build());
        HttpServer patient = HttpServer.bind(own, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults().withIdleTimeoutMillis(30_000), TestRoutes::handle);
        try (own; Socket s = new Socket(InetAddress.getLoopbackAddress(), patient.port())) {
            java.util.concurrent.atomic.AtomicLong batchesWritten = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    // 4,000,000 requests (128 MB) would be 400 MB of responses; the kernel's socket buffers on
                    // both sides (autotuned to several MB each on loopback) absorb the first ones.
                    for (int i = 0; i < 4000; i++) {
                        s.getOutputStream().write(batch);
                        batchesWritten.incrementAndGet();
                    }
                } catch (IOException expectedOnceTheServerStopsReading) {
                    // the socket closes at the end of the test
                }
            });
            writer.join(2_000); // blocks once the server stops reading
            long written = batchesWritten.get();
            Thread.sleep(500);
            assertTrue(writer.isAlive() && batchesWritten.get() == written,
                    "the server must stop reading a client that does not read (" + written + " batches written)");
            long pending = TestRoutes.maxPendingOutput.get();
            assertTrue(pending > 0 && pending < 1024 * 1024, "pending output " + pending);
            // The client reads again: everything flows.
            s.shutdownOutput();
        }
    }

    /**
     * A client that asks for a large response and never reads it: the idle timeout closes the connection,
     * and since the output cannot drain, the close-drain timeout aborts it instead of keeping it forever.
     */
    @Test
    void connectionWhosePeerStopsReadingIsAbortedAfterTheDrainTimeout() throws Exception {
        EventLoopGroup quick = EventLoopGroup.create(EngineConfig.builder().transport(transport()).eventLoops(1)
                .closeDrainTimeoutMillis(300).socketSendBufferBytes(64 * 1024).build());
        try {
            HttpServer small = HttpServer.bind(quick, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    HttpServerConfig.defaults().withIdleTimeoutMillis(200), TestRoutes::handle);
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(64 * 1024);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), small.port()));
                send(s, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
                assertTrue(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII)
                        .startsWith("HTTP/1.1 200 "), "the response started"); // then this client stops reading
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                var loop = quick.loop(0);
                java.util.function.Supplier<Integer> open = () -> java.util.concurrent.CompletableFuture
                        .supplyAsync(loop::connectionCount, loop::execute).join();
                while (open.get() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, open.get(), "the stuck connection was released");
            }
        } finally {
            quick.close();
        }
    }

    @Test
    void headGetsTheLengthButNoBodyAndTheConnectionGoesOn() throws Exception {
        try (Socket s = socket()) {
            send(s, "HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            String all = readAll(s);
            int second = all.indexOf("HTTP/1.1 200", 5);
            String headResponse = all.substring(0, second);
            assertTrue(headResponse.contains("Content-Length: 13\r\n"), headResponse);
            assertTrue(headResponse.endsWith("\r\n\r\n"), "no body after a HEAD response: " + headResponse);
            assertTrue(all.endsWith("Hello, World!"));
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /hello HTTP/1.0\r\n\r\n");
            String response = readAll(s); // EOF ends it
            assertTrue(response.contains("Connection: close"), response);
        }
        try (Socket s = socket()) {
            send(s, "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            String first = readResponse(s);
            assertTrue(first.contains("Connection: keep-alive"), first);
            send(s, "GET /hello HTTP/1.0\r\n\r\n");
            assertTrue(readAll(s).endsWith("Hello, World!"));
        }
    }

    @Test
    void smuggledRequestBehindConflictingFramingIsNeverServed() throws Exception {
        try (Socket s = socket()) {
            // A front end that trusts Content-Length would see one request; one that trusts chunked, two.
            send(s, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 47\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
            String all = readAll(s);
            assertTrue(all.startsWith("HTTP/1.1 400 Bad Request\r\n"), all);
            assertTrue(all.contains("Connection: close"), all);
            assertTrue(all.endsWith("content_length_with_transfer_encoding\n"), all);
            assertFalse(all.contains("Hello, World!"), "the smuggled request was served: " + all);
        }
    }

    @Test
    void limitsAnswerWithTheirStatus() throws Exception {
        assertStatus("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414);
        assertStatus("GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(17_000) + "\r\n\r\n", 431);
        assertStatus("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n", 413);
        assertStatus("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413);
        assertStatus("GET / HTTP/1.1\r\nHost: a\r\n Folded: x\r\n\r\n", 400);
        assertStatus("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
    }

    @Test
    void slowlorisGets408WhenTheHeadTakesTooLong() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /hello HTTP/1.1\r\nHost: a\r\n");
            Thread.sleep(200);
            send(s, "X-Slow: 1\r\n"); // still trickling: the deadline counts from the first byte
            String all = readAll(s);
            assertTrue(all.startsWith("HTTP/1.1 408 Request Timeout\r\n"), all);
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosedQuietly() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(readResponse(s).endsWith("Hello, World!"));
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed after the idle timeout");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(600));
        }
    }

    @Test
    void aThrowingHandlerGets500AndOtherConnectionsGoOn() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
            String all = readAll(s);
            assertTrue(all.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), all);
        }
        assertEquals("Hello, World!", Curl.run("-sS", uri("/hello").toString()));
    }

    @Test
    void gracefulShutdownAnswersTheRequestInFlight() throws Exception {
        TestRoutes.asyncStarted = new java.util.concurrent.CountDownLatch(1);
        try (Socket s = socket()) {
            send(s, "GET /async HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(TestRoutes.asyncStarted.await(10, TimeUnit.SECONDS), "the request reached its handler");
            var done = group.shutdownGracefully(Duration.ofSeconds(5));
            String all = readAll(s);
            assertTrue(all.endsWith("later"), all);
            assertTrue(all.contains("Connection: close"), all);
            done.get(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertStatus(String request, int status) throws IOException {
        try (Socket s = socket()) {
            send(s, request);
            String all = readAll(s);
            assertTrue(all.startsWith("HTTP/1.1 " + status + " "), request.substring(0, Math.min(60, request.length()))
                    + " -> " + all);
        }
    }

    /** Framing cases from review: none may reset the connection or confuse the client about where answers end. */
    @Test
    void answersThatHaveNoBodyOrCameBeforeAFailureKeepTheConnectionInStep() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /answer-then-throw HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "HEAD /stream HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /stream-204 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /interim HTTP/1.1\r\nHost: a\r\n\r\n");
            String first = readResponse(s);
            assertTrue(first.startsWith("HTTP/1.1 200 ") && first.endsWith("answered"), first);
            String head = readResponseHead(s);
            assertTrue(head.startsWith("HTTP/1.1 200 "), "HEAD of a streamed response: its head, no body, no reset: " + head);
            String noContent = readResponseHead(s);
            assertTrue(noContent.startsWith("HTTP/1.1 204 "), noContent);
            assertFalse(noContent.toLowerCase().contains("transfer-encoding"), "a 204 has no body framing: " + noContent);
            String interim = readResponse(s);
            assertTrue(interim.startsWith("HTTP/1.1 500 "), "a 1xx is refused as an answer: " + interim);
        }
        try (Socket s = socket()) {
            send(s, "GET /hello#fragment HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(readResponse(s).startsWith("HTTP/1.1 400 "), "a fragment is not part of a request target");
        }
        assertThrows(IllegalArgumentException.class,
                () -> new ResponseHeaders().add(HeaderLine.of("Content-Length", "0")));
    }

    /**
     * Each request has an exchange of its own: a handler that answers, then answers again later, gets an
     * IllegalStateException, and the pipelined request after it keeps its own answer.
     */
    @Test
    void aLateSecondAnswerIsRefusedAndNeverReachesTheNextRequest() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /answer-twice-late HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /async HTTP/1.1\r\nHost: a\r\n\r\n");
            String first = readResponse(s);
            assertTrue(first.startsWith("HTTP/1.1 200 ") && first.endsWith("first"), first);
            String second = readResponse(s);
            assertTrue(second.startsWith("HTTP/1.1 200 ") && second.endsWith("later"), "the next request's own answer: " + second);
            Throwable late = TestRoutes.lateSecondAnswer.get(10, TimeUnit.SECONDS);
            assertTrue(late instanceof IllegalStateException, "late second answer: " + late);
            assertTrue(late.getMessage().contains("answered once"), late.getMessage());
        }
    }

    /** A body dribbled a byte at a time, each within the idle timeout, still has to end by the body deadline. */
    @Test
    void slowBodyGets408AtTheBodyDeadline() throws Exception {
        EventLoopGroup own = EventLoopGroup.create(EngineConfig.builder().transport(transport()).eventLoops(1).build());
        HttpServer strict = HttpServer.bind(own, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults().withIdleTimeoutMillis(2_000).withRequestBodyTimeoutMillis(600),
                TestRoutes::handle);
        try (own; Socket s = new Socket(InetAddress.getLoopbackAddress(), strict.port())) {
            s.setSoTimeout(10_000);
            send(s, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\n");
            try {
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(150);
                    send(s, "x");
                }
            } catch (IOException closedByTheServer) {
                // expected once the 408 went out
            }
            String answer = readAll(s);
            // Without the deadline the whole body would arrive (3 s, each byte within the idle timeout) and be echoed.
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
    }

    Socket socket() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything until the server closes the connection. */
    static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** One response with a Content-Length body. */
    static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in response head: " + head);
            }
            head.append((char) b);
        }
        int at = head.indexOf("Content-Length: ");
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** One response head, up to its blank line (for responses without a body: HEAD, 204). */
    static String readResponseHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The bodies of consecutive Content-Length responses. */
    static List<String> bodies(String all) {
        List<String> bodies = new ArrayList<>();
        int at = 0;
        while (at < all.length()) {
            int cl = all.indexOf("Content-Length: ", at);
            int headEnd = all.indexOf("\r\n\r\n", at);
            int length = Integer.parseInt(all.substring(cl + 16, all.indexOf("\r\n", cl)));
            bodies.add(all.substring(headEnd + 4, headEnd + 4 + length));
            at = headEnd + 4 + length;
        }
        return bodies;
    }
}
