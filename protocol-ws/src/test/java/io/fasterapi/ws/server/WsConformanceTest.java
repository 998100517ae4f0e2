package io.fasterapi.ws.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.http1.server.HttpServerConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.ws.codec.WsLimits;
import io.fasterapi.ws.codec.WsMessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conformance suite following Autobahn's case list (crossbario/autobahn-testsuite, case/case*.py):
 * 1 framing, 2 pings and pongs, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8, 7 close, 9 limits,
 * 12/13 permessage-deflate. The client is a raw socket client written for the tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WsConformanceTest {
    EventLoopGroup group;
    int port;

    abstract Transport transport();

    /** Echoes every message with its type. */
    static final class Echo implements WebSocketHandler {
        @Override
        public void onMessage(WebSocketSession session, WsMessageType type, MemorySegment data, long offset,
                              int length) {
            switch (type) {
                case TEXT -> session.sendText(data, offset, length);
                case BINARY -> session.sendBinary(data, offset, length);
            }
        }
    }

    @BeforeAll
    void start() throws IOException {
        Throwable cause = transport().unavailabilityCause();
        if (cause != null && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"))) {
            throw new AssertionError(transport() + " unavailable", cause);
        }
        Assumptions.assumeTrue(cause == null, () -> transport() + " unavailable: " + cause.getMessage());
        group = EventLoopGroup.create(EngineConfig.builder().transport(transport()).eventLoops(2).build());
        WsConfig normal = WsConfig.defaults();
        WsConfig limited = WsConfig.defaults().withLimits(new WsLimits(4096, 8192));
        WsConfig quick = WsConfig.defaults().withTimeouts(100, 400, 200);
        HttpServer server = HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), exchange -> {
                    String path = exchange.head().path();
                    WsConfig config = switch (path) {
                        case "/limited" -> limited;
                        case "/quick" -> quick;
                        default -> normal;
                    };
                    if (!path.equals("/echo") && !path.equals("/limited") && !path.equals("/quick")) {
                        exchange.respond(404, HeaderLine.TEXT_PLAIN, "no".getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                    WebSocketUpgrade.Handshake handshake = WebSocketUpgrade.check(exchange, config);
                    if (handshake != null) {
                        WebSocketUpgrade.accept(exchange, handshake, config, null, new Echo());
                    }
                });
        port = server.port();
    }

    @AfterAll
    void stop() {
        if (group != null) {
            group.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertClosedWith(WsTestClient c, int code) throws IOException {
        WsTestClient.Frame close = c.expectClose();
        assertEquals(code, close.closeCode(), "close code");
        assertTrue(c.tcpClosed(), "the server closes TCP after the close frame");
    }

    // ---------------------------------------------------------------- handshake (RFC 6455 §4)

    @Test
    void rfc6455_4_2_2_handshakeAnswer() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            assertTrue(c.upgraded(), c.handshakeResponse);
            assertTrue(c.handshakeResponse.contains("Upgrade: websocket\r\n"));
            assertTrue(c.handshakeResponse.contains("Connection: Upgrade\r\n"));
            assertTrue(c.handshakeResponse.contains("Sec-WebSocket-Accept: "));
        }
        // The RFC's own example key and answer.
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void rfc6455_4_4_wrongVersionGets426WithTheSupportedOne() throws IOException {
        try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 426 "), response);
            assertTrue(response.contains("Sec-WebSocket-Version: 13\r\n"), response);
        }
    }

    // ---------------------------------------------------------------- 1: framing

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 1 << 20})
    void autobahn1_textAndBinaryOfEveryLengthEncoding(int length) throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) '*');
            c.send(true, 1, payload);
            WsTestClient.Frame text = c.readMessage();
            assertEquals(1, text.opcode());
            assertArrayEquals(payload, text.payload());
            new java.util.Random(length).nextBytes(payload);
            c.send(true, 2, payload);
            assertArrayEquals(payload, c.readMessage().payload());
        }
    }

    @Test
    void autobahn1_2_8_framesSentByteByByte() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            byte[] payload = utf8("x".repeat(300));
            c.sendSlowly(true, 2, payload);
            assertArrayEquals(payload, c.readMessage().payload());
        }
    }

    // ---------------------------------------------------------------- 2: pings and pongs

    @Test
    void autobahn2_pingsGetPongsWithTheirPayload() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 9, new byte[0]);
            WsTestClient.Frame pong = c.read();
            assertEquals(0xA, pong.opcode());
            assertEquals(0, pong.payload().length);
            byte[] payload = new byte[125];
            Arrays.fill(payload, (byte) 0xFE);
            c.send(true, 9, payload);
            assertArrayEquals(payload, c.read().payload());
            c.send(true, 0xA, utf8("unsolicited")); // 2.7: an unsolicited pong is ignored
            for (int i = 0; i < 10; i++) {
                c.send(true, 9, utf8("ping " + i));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("ping " + i, c.read().text());
            }
        }
    }

    @Test
    void autobahn2_5_pingOver125BytesIsAProtocolError() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 9, new byte[126]);
            assertClosedWith(c, 1002);
        }
    }

    // ---------------------------------------------------------------- 3: reserved bits, 4: opcodes

    @ParameterizedTest(name = "rsv {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void autobahn3_reservedBitsFailTheConnection(int rsv) throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.sendText("before");
            assertEquals("before", c.readMessage().text());
            c.send(true, rsv, 1, utf8("bad"), true);
            assertClosedWith(c, 1002);
        }
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void autobahn4_reservedOpcodesFailTheConnection(int opcode) throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, opcode, utf8("x"));
            assertClosedWith(c, 1002);
        }
    }

    @Test
    void rfc6455_5_1_unmaskedClientFrameIsAProtocolError() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 0, 1, utf8("unmasked"), false);
            assertClosedWith(c, 1002);
        }
    }

    // ---------------------------------------------------------------- 5: fragmentation

    @Test
    void autobahn5_fragmentsWithControlFramesBetween() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(false, 1, utf8("frag"));
            c.send(true, 9, utf8("in between"));
            c.send(false, 0, utf8("ment"));
            c.send(true, 0, utf8("ed"));
            assertEquals("in between", c.read().text()); // the pong comes first
            assertEquals("fragmented", c.readMessage().text());
        }
    }

    @Test
    void autobahn5_continuationWithoutAMessageFails() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 0, utf8("orphan"));
            assertClosedWith(c, 1002);
        }
    }

    @Test
    void autobahn5_newMessageInsideAFragmentedOneFails() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(false, 1, utf8("first"));
            c.send(true, 1, utf8("second"));
            assertClosedWith(c, 1002);
        }
    }

    @Test
    void autobahn5_fragmentedControlFrameFails() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(false, 9, utf8("ping"));
            assertClosedWith(c, 1002);
        }
    }

    // ---------------------------------------------------------------- 6: UTF-8

    @Test
    void autobahn6_validTextSplitInsideCharactersEchoes() throws IOException {
        byte[] text = utf8("κόσμε 😀 日本");
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(false, 1, Arrays.copyOfRange(text, 0, 3));
            c.send(false, 0, Arrays.copyOfRange(text, 3, 13));
            c.send(true, 0, Arrays.copyOfRange(text, 13, text.length));
            assertEquals("κόσμε 😀 日本", c.readMessage().text());
        }
    }

    @Test
    void autobahn6_invalidTextCloses1007() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 1, HexFormat.ofDelimiter(" ").parseHex("ce ba e1 bd b9 ed a0 80 65 64 69 74 65 64"));
            assertClosedWith(c, 1007);
        }
    }

    @Test
    void autobahn6_4_failsFastOnTheFirstInvalidFragment() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            // the first fragment already holds an impossible sequence: the close must come before the rest
            c.send(false, 1, HexFormat.ofDelimiter(" ").parseHex("ce ba e1 bd b9 f4 90 80 80"));
            WsTestClient.Frame close = c.expectClose();
            assertEquals(1007, close.closeCode());
        }
    }

    @Test
    void autobahn6_messageEndingInsideACharacterCloses1007() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 1, HexFormat.ofDelimiter(" ").parseHex("68 e2 82"));
            assertClosedWith(c, 1007);
        }
    }

    // ---------------------------------------------------------------- 7: close

    @Test
    void autobahn7_closeIsEchoedThenTcpCloses() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, HexFormat.ofDelimiter(" ").parseHex("0f a0 62 79 65")); // 4000 "bye"
            assertClosedWith(c, 4000);
        }
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, new byte[0]);
            WsTestClient.Frame close = c.expectClose();
            assertEquals(0, close.payload().length, "an empty close is answered with an empty close");
            assertTrue(c.tcpClosed());
        }
    }

    @Test
    void autobahn7_nothingIsEchoedAfterClose() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, HexFormat.ofDelimiter(" ").parseHex("03 e8"));
            c.sendText("after close");
            assertEquals(8, c.read().opcode());
            assertTrue(c.tcpClosed());
        }
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void autobahn7_9_invalidCloseCodesAreProtocolErrors(int code) throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, new byte[] {(byte) (code >> 8), (byte) code});
            assertClosedWith(c, 1002);
        }
    }

    @Test
    void autobahn7_closePayloadErrors() throws IOException {
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, new byte[] {0x03});
            assertClosedWith(c, 1002);
        }
        try (WsTestClient c = new WsTestClient(port)) {
            c.send(true, 8, HexFormat.ofDelimiter(" ").parseHex("03 e8 ce ba e1 bd b9 ed a0 80"));
            assertClosedWith(c, 1007);
        }
    }

    // ---------------------------------------------------------------- 9: limits

    @Test
    void autobahn9_messagesOverTheLimitClose1009() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/limited", "")) {
            c.send(true, 2, new byte[5000]); // over the 4096-byte frame limit
            assertClosedWith(c, 1009);
        }
        try (WsTestClient c = new WsTestClient(port, "/limited", "")) {
            c.send(false, 2, new byte[4000]);
            c.send(false, 0, new byte[4000]);
            c.send(true, 0, new byte[4000]); // 12000 > 8192-byte message limit
            assertClosedWith(c, 1009);
        }
    }

    // ---------------------------------------------------------------- 12/13: permessage-deflate

    @Test
    void autobahn12_compressedEchoBothWays() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/echo", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertTrue(c.handshakeResponse.contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"), c.handshakeResponse);
            for (int i = 0; i < 20; i++) {
                byte[] message = utf8(("compressible text " + i + " ").repeat(200));
                c.sendCompressed(1, message);
                WsTestClient.Frame echo = c.readMessage();
                assertTrue(echo.rsv1(), "large replies are compressed");
                assertEquals(new String(message, StandardCharsets.UTF_8), echo.text());
            }
            c.sendText("tiny"); // uncompressed messages are fine too; tiny replies are not compressed
            WsTestClient.Frame tiny = c.readMessage();
            assertFalse(tiny.rsv1());
            assertEquals("tiny", tiny.text());
        }
    }

    @Test
    void autobahn13_offersTheServerCannotHonourAreDeclined() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/echo", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n")) {
            assertTrue(c.upgraded());
            assertFalse(c.handshakeResponse.contains("Sec-WebSocket-Extensions"), c.handshakeResponse);
            c.send(true, 4, 1, utf8("x"), true); // RSV1 without the extension
            assertClosedWith(c, 1002);
        }
        try (WsTestClient c = new WsTestClient(port, "/echo",
                "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n")) {
            assertTrue(c.handshakeResponse.contains(
                    "permessage-deflate; server_no_context_takeover; client_no_context_takeover"), c.handshakeResponse);
        }
    }

    @Test
    void compressedBombCloses1009() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/limited", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            c.sendCompressed(2, new byte[1 << 20]); // 1 MiB of zeros, ~1 KiB compressed, limit 8 KiB
            assertClosedWith(c, 1009);
        }
    }

    @Test
    void emptyCompressedMessageIsAnEmptyMessage() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/echo", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            c.send(true, 4, 1, new byte[0], true); // RSV1, no payload: RFC 7692 allows it
            assertEquals("", c.readMessage().text());
            c.send(false, 4, 1, new byte[0], true); // compressed start with no payload, then an empty continuation
            c.send(true, 0, 0, new byte[0], true);
            assertEquals("", c.readMessage().text());
            c.sendCompressed(1, utf8("still in sync ".repeat(50)));
            assertEquals("still in sync ".repeat(50), c.readMessage().text());
        }
    }

    /**
     * RFC 7692 §7.2.3.4: messages that end with a final DEFLATE block (the RFC's own "Hello" with BFINAL set,
     * and zlib's Z_FINISH output) keep the connection in sync with context takeover, also when a sync-flushed
     * message follows.
     */
    @Test
    void rfc7692_7_2_3_4_finalBlocksAreEchoed() throws IOException {
        for (String hex : new String[] {"f3 48 cd c9 c9 07 00 00", "f3 48 cd c9 c9 07 00"}) {
            try (WsTestClient c = new WsTestClient(port, "/echo", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
                assertTrue(c.handshakeResponse.contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"), c.handshakeResponse);
                byte[] payload = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
                for (int i = 0; i < 3; i++) {
                    c.send(true, 4, 1, payload, true);
                    assertEquals("Hello", c.readMessage().text(), hex + ", message " + i);
                }
                c.sendCompressed(1, utf8("sync-flushed ".repeat(40)));
                assertEquals("sync-flushed ".repeat(40), c.readMessage().text());
                c.send(true, 4, 1, payload, true);
                assertEquals("Hello", c.readMessage().text());
            }
        }
    }

    /** RFC 6455 §5.5.2: pings are answered until the peer's close arrives, also after ours went out. */
    @Test
    void pingsAreAnsweredWhileOurCloseWaitsForTheReply() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/quick", "")) {
            assertEquals(9, c.read().opcode()); // the server's ping
            assertEquals(8, c.read().opcode()); // its idle close
            c.send(true, 9, utf8("still here"));
            WsTestClient.Frame pong = c.read();
            assertEquals(10, pong.opcode());
            assertEquals("still here", new String(pong.payload(), StandardCharsets.UTF_8));
            c.send(true, 8, new byte[] {0x03, (byte) 0xE8});
            assertTrue(c.tcpClosed());
        }
    }

    /** Connection and Upgrade may come as several header lines, one comma list (RFC 9110 §5.3). */
    @Test
    void handshakeHeadersSplitOverSeveralLines() throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: keep-alive\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            new java.io.DataInputStream(s.getInputStream()).readFully(head);
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
        }
    }

    // ---------------------------------------------------------------- keep-alive

    @Test
    void idleConnectionsArePingedThenClosed() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/quick", "")) {
            WsTestClient.Frame ping = c.read();
            assertEquals(9, ping.opcode(), "a ping after 100 ms of silence");
            WsTestClient.Frame close = c.read();
            assertEquals(8, close.opcode(), "closed after 400 ms without a pong");
            assertEquals(1001, close.closeCode());
            c.send(true, 8, new byte[] {0x03, (byte) 0xE9});
            assertTrue(c.tcpClosed());
        }
    }

    @Test
    void serverClosesTcpWhenThePeerNeverAnswersItsClose() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/quick", "")) {
            c.read(); // ping
            assertEquals(8, c.read().opcode()); // idle close
            // No answer from us: the server closes TCP after its close timeout (tcpClosed() would time out
            // after 10 s and say false otherwise).
            assertTrue(c.tcpClosed(), "closed after the close timeout even without an answer");
        }
    }

    @Test
    void unknownPathsStayHttp() throws IOException {
        try (WsTestClient c = new WsTestClient(port, "/nope", "")) {
            assertFalse(c.upgraded());
            assertTrue(c.handshakeResponse.startsWith("HTTP/1.1 404"));
        }
    }
}
