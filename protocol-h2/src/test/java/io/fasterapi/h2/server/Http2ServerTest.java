package io.fasterapi.h2.server;

import io.fasterapi.h2.connection.H2Limits;
import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.http1.server.HttpServerConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * h2c with prior knowledge beside HTTP/1.1 on one port, on every transport, against independent clients: curl
 * (nghttp2 inside), nghttp, h2load and Python's h2; HTTP/1.1 on the same port goes on working.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2ServerTest {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    static void handle(HttpExchange exchange) {
        switch (exchange.head().path()) {
            case "/plaintext" -> exchange.respond(200, HeaderLine.TEXT_PLAIN, HELLO);
            case "/echo" -> exchange.respond(200, HeaderLine.OCTET_STREAM, exchange.body(), exchange.bodyOffset(),
                    exchange.bodyLength());
            case "/big" -> exchange.respond(200, HeaderLine.OCTET_STREAM, new byte[200_000]);
            case "/headers" -> exchange.respond(200, HeaderLine.TEXT_PLAIN, (exchange.head().methodName() + " "
                    + exchange.head().target() + " host=" + exchange.head().header("host") + " x=" + exchange.head()
                    .header("x-test") + " " + exchange.version()).getBytes(StandardCharsets.US_ASCII));
            default -> exchange.respond(404);
        }
    }

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")), () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(2).build());
    }

    private static HttpServer start(EventLoopGroup group) throws Exception {
        return HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), null, Http2ServerTest::handle,
                Http2.protocol(H2Limits.defaults(), 8 << 20, "fasterapi"));
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + String.join(" ", command));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void curlWithPriorKnowledgeAndHttp11OnTheSamePort(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            String base = "http://127.0.0.1:" + server.port();
            assertEquals("Hello, World!", run("curl", "-sS", "--http2-prior-knowledge", base + "/plaintext"));
            assertEquals("GET /headers?a=1 host=127.0.0.1:" + server.port() + " x=yes HTTP_2",
                    run("curl", "-sS", "--http2-prior-knowledge", "-H", "X-Test: yes", base + "/headers?a=1"));
            String verbose = run("curl", "-sS", "-v", "--http2-prior-knowledge", "-o", "/dev/null", base + "/plaintext");
            assertTrue(verbose.contains("< HTTP/2 200") && verbose.contains("< server: fasterapi"), verbose);
            // a body, several streams on one connection, and a response larger than the default window
            String echoed = run("curl", "-sS", "--http2-prior-knowledge", "--data-binary", "some body", base + "/echo");
            assertEquals("some body", echoed);
            // one URL per curl: curl 7.88's reuse of a prior-knowledge connection fails against nghttpd too
            assertEquals("200000", run("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                    "%{size_download}", base + "/big"), "a response larger than the default window");
            assertEquals("Hello, World!", run("curl", "-sS", "--http1.1", base + "/plaintext"), "HTTP/1.1 too");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void h2loadAndNghttp(Transport transport) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/h2load").canExecute()
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS")), "h2load missing");
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            String out = run("h2load", "-n", "2000", "-c", "4", "-m", "16", "http://127.0.0.1:" + server.port() + "/plaintext");
            assertTrue(out.contains("2000 succeeded, 0 failed, 0 errored"), out);
            assertTrue(out.contains("status codes: 2000 2xx"), out);
            String nghttp = run("nghttp", "-n", "-s", "http://127.0.0.1:" + server.port() + "/big",
                    "http://127.0.0.1:" + server.port() + "/plaintext");
            assertTrue(nghttp.contains(" 200 195K /big") && nghttp.contains(" 200   13 /plaintext"), nghttp);
        }
    }

    /** Python's h2 (strict about the protocol): requests one after another and at once on one connection. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void pythonH2OnOneConnection(Transport transport) throws Exception {
        boolean available = new java.io.File("/usr/bin/python3").canExecute()
                && new ProcessBuilder("/usr/bin/python3", "-c", "import h2").start().waitFor() == 0;
        if (!available && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError("python3-h2 is missing");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, "python3-h2 is missing");
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            String script = String.join("\n",
                    "import socket, h2.connection, h2.events, h2.config",
                    "s = socket.create_connection(('127.0.0.1', " + server.port() + "))",
                    "c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))",
                    "c.initiate_connection(); s.sendall(c.data_to_send())",
                    "def run(requests):",
                    "    bodies = {}",
                    "    for path, body in requests:",
                    "        sid = c.get_next_available_stream_id()",
                    "        c.send_headers(sid, [(':method', 'POST' if body else 'GET'), (':path', path), (':scheme', 'http'),"
                            + " (':authority', 'x')], end_stream=not body)",
                    "        for i in range(0, len(body or b''), 16384):",
                    "            c.send_data(sid, body[i:i + 16384], end_stream=i + 16384 >= len(body))",
                    "        bodies[sid] = b''",
                    "    s.sendall(c.data_to_send())",
                    "    open_streams = set(bodies)",
                    "    while open_streams:",
                    "        data = s.recv(65536)",
                    "        if not data: raise SystemExit('closed')",
                    "        for e in c.receive_data(data):",
                    "            if isinstance(e, h2.events.DataReceived):",
                    "                bodies[e.stream_id] += e.data; c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)",
                    "            if isinstance(e, h2.events.StreamEnded): open_streams.discard(e.stream_id)",
                    "            if isinstance(e, (h2.events.StreamReset, h2.events.ConnectionTerminated)): raise SystemExit(str(e))",
                    "        s.sendall(c.data_to_send())",
                    "    return [len(b) for b in bodies.values()]",
                    "print(run([('/big', None)]), run([('/big', None)]), run([('/plaintext', None)]))",
                    "print(run([('/big', None), ('/plaintext', None), ('/echo', b'x' * 100000), ('/big', None)]))");
            String out = run("/usr/bin/python3", "-c", script);
            assertEquals("[200000] [200000] [13]\n[200000, 13, 100000, 200000]\n", out);
        }
    }

    /** {@code Upgrade: h2c} (RFC 7540 §3.2): the JDK HttpClient's and curl's way to HTTP/2 over http://. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void upgradeFromHttp11ToH2c(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_2).build();
            String base = "http://127.0.0.1:" + server.port();
            java.net.http.HttpResponse<String> first = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/headers?via=upgrade")).header("X-Test", "up").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(java.net.http.HttpClient.Version.HTTP_2, first.version());
            assertEquals("GET /headers?via=upgrade host=127.0.0.1:" + server.port() + " x=up HTTP_2", first.body());
            for (int i = 0; i < 5; i++) { // the upgraded connection goes on as HTTP/2
                java.net.http.HttpResponse<String> next = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/plaintext")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(java.net.http.HttpClient.Version.HTTP_2, next.version());
                assertEquals("Hello, World!", next.body());
            }
            String verbose = run("curl", "-sS", "-v", "--http2", base + "/plaintext");
            assertTrue(verbose.contains("< HTTP/1.1 101") && verbose.contains("< HTTP/2 200")
                    && verbose.contains("Hello, World!"), verbose);
            // an Upgrade without HTTP2-Settings is served as HTTP/1.1
            String plain = run("curl", "-sS", "-v", "--http1.1", "-H", "Upgrade: h2c", "-H", "Connection: Upgrade",
                    base + "/plaintext");
            assertTrue(plain.contains("< HTTP/1.1 200") && !plain.contains("101"), plain);
        }
    }
}
