package io.fasterapi.h2.server;

import io.fasterapi.h2.connection.H2Limits;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The abuse cases of issue 10, each from an independent client (raw frames written with Python's hyperframe), the
 * server serving a normal client (curl) meanwhile: rapid reset (CVE-2023-44487), a ping flood (CVE-2019-9512), a
 * CONTINUATION flood, streams beyond SETTINGS_MAX_CONCURRENT_STREAMS, a header list over the limit, an idle
 * connection, and garbage instead of the preface.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2AbuseTest {
    /** A raw client: preface + SETTINGS, the script's frames, then every frame the server sends, one per line. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys, time",
            "from hyperframe.frame import *",
            "import hpack",
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
            "s.sendall(b'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n' + SettingsFrame(0).serialize())",
            "enc = hpack.Encoder()",
            "def headers(sid, end_stream=True, end_headers=True, extra=()):",
            "    flags = (['END_STREAM'] if end_stream else []) + (['END_HEADERS'] if end_headers else [])",
            "    return HeadersFrame(sid, enc.encode([(':method', 'GET'), (':scheme', 'http'), (':path', '/plaintext'),"
                    + " (':authority', 'x')] + list(extra)), flags=flags).serialize()",
            "def frames(sock, seconds):",
            "    sock.settimeout(seconds); buf = b''; out = []",
            "    try:",
            "        while True:",
            "            data = sock.recv(65536)",
            "            if not data: out.append('EOF'); break",
            "            buf += data",
            "            while len(buf) >= 9:",
            "                f, length = Frame.parse_frame_header(memoryview(buf[:9]))",
            "                if len(buf) < 9 + length: break",
            "                f.parse_body(memoryview(buf[9:9 + length])); buf = buf[9 + length:]",
            "                if isinstance(f, GoAwayFrame): out.append('GOAWAY %d' % f.error_code)",
            "                elif isinstance(f, RstStreamFrame): out.append('RST %d %d' % (f.stream_id, f.error_code))",
            "                elif isinstance(f, HeadersFrame): out.append('HEADERS %d %s' % (f.stream_id, hpack.Decoder().decode(f.data)[0][1] if False else ''))",
            "                else: out.append(type(f).__name__)",
            "    except socket.timeout: out.append('TIMEOUT')",
            "    except ConnectionResetError: out.append('RESET')",
            "    return out",
            "exec(sys.argv[2])",
            "print(' '.join(frames(s, float(sys.argv[3]))))");

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")), () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(1).build());
    }

    private static String client(HttpServer server, String script, double seconds) throws Exception {
        boolean available = new java.io.File("/usr/bin/python3").canExecute()
                && new ProcessBuilder("/usr/bin/python3", "-c", "import hyperframe, hpack").start().waitFor() == 0;
        if (!available && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError("python3-h2 is missing");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, "python3-h2 is missing");
        return Http2ServerTest.run("/usr/bin/python3", "-c", CLIENT, Integer.toString(server.port()), script,
                Double.toString(seconds)).strip();
    }

    private static void normalClientIsServed(HttpServer server) throws Exception {
        assertEquals("Hello, World!", Http2ServerTest.run("curl", "-sS", "--http2-prior-knowledge",
                "http://127.0.0.1:" + server.port() + "/plaintext"));
    }

    private static HttpServer start(EventLoopGroup group, H2Limits limits) throws Exception {
        return HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), null, Http2ServerTest::handle, Http2.protocol(limits, 1 << 20, null));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void rapidResetEndsWithEnhanceYourCalm(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group, H2Limits.defaults().withResets(50, 10_000));
            String out = client(server, String.join("\n",
                    "for i in range(200):",
                    "    sid = 1 + 2 * i",
                    "    s.sendall(headers(sid, end_stream=False) + RstStreamFrame(sid, 8).serialize())"), 5);
            assertTrue(out.contains("GOAWAY 11"), "ENHANCE_YOUR_CALM (0xb): " + out);
            normalClientIsServed(server);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pingAndContinuationFloods(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group, H2Limits.defaults().withControlFrames(100, 100));
            String pings = client(server, "s.sendall(b''.join(PingFrame(0, b'12345678').serialize() for _ in range(500)))", 5);
            assertTrue(pings.contains("GOAWAY 11"), pings);
            String continuations = client(server, String.join("\n",
                    "s.sendall(headers(1, end_headers=False))",
                    "s.sendall(b''.join(ContinuationFrame(1, b'').serialize() for _ in range(40)))"), 5);
            assertTrue(continuations.contains("GOAWAY 11"), continuations);
            normalClientIsServed(server);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void concurrencyAndHeaderListLimits(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group, H2Limits.defaults().withMaxConcurrentStreams(2));
            String out = client(server, "s.sendall(headers(1, False) + headers(3, False) + headers(5, False))", 1);
            assertTrue(out.contains("RST 5 7") && !out.contains("RST 1") && !out.contains("RST 3"),
                    "the third stream is refused (REFUSED_STREAM 0x7): " + out);
            String big = client(server, "s.sendall(headers(1, extra=[('x-big', 'a' * 9000), ('x-big-2', 'b' * 9000)]))", 1);
            assertTrue(big.contains("HEADERS 1") && big.contains("DataFrame"), "answered (431), not dropped: " + big);
            normalClientIsServed(server);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anIdleConnectionGetsGoAwayAndGarbageIsClosed(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group, H2Limits.defaults().withIdleTimeoutMillis(300));
            String idle = client(server, "pass", 3);
            assertTrue(idle.contains("GOAWAY 0") && idle.endsWith("EOF"), "GOAWAY(NO_ERROR) then close: " + idle);
            String served = client(server, "s.sendall(headers(1))", 2);
            assertTrue(served.contains("HEADERS 1") && served.contains("GOAWAY 0"), "served, then idle: " + served);
            normalClientIsServed(server);
        }
    }

    /** A client that opens no window: the response waits, then the stream is reset; the connection stays usable. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aResponseStalledOnAClosedWindowIsReset(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group, H2Limits.defaults().withZeroWindowTimeoutMillis(300));
            String out = client(server, String.join("\n",
                    "s.sendall(SettingsFrame(0, settings={4: 0}).serialize())", // SETTINGS_INITIAL_WINDOW_SIZE 0
                    "s.sendall(HeadersFrame(1, enc.encode([(':method', 'GET'), (':scheme', 'http'), (':path', '/big'),"
                            + " (':authority', 'x')]), flags=['END_STREAM', 'END_HEADERS']).serialize())",
                    "time.sleep(1)",
                    "s.sendall(headers(3))"), 2);
            assertTrue(out.contains("RST 1 8"), "stream 1 reset with CANCEL after the stall: " + out);
            assertTrue(out.contains("HEADERS 3"), "the connection goes on: " + out);
            normalClientIsServed(server);
        }
    }
}
