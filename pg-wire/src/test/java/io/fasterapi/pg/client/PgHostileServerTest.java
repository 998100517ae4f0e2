package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.pg.protocol.PgProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fake server that cheats during authentication: the client must refuse to go on, never hand over the
 * password, and fail the connect with a clear reason.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PgHostileServerTest {

    /** What the fake server does after the startup message; it records the message types it received. */
    private interface Script {
        void run(DataInputStream in, DataOutputStream out, List<Character> received) throws IOException;
    }

    private static PgProtocolException connectTo(Script script, List<Character> received) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build())) {
            Thread fake = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    int length = in.readInt();
                    in.readFully(new byte[length - 4]); // startup
                    script.run(in, out, received);
                    out.flush();
                    in.read(); // until the client closes
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            PgConnectOptions options = new PgConnectOptions("127.0.0.1", server.getLocalPort(), null, "db", "mallory",
                    "s3cret-Pa55", "test", java.util.Map.of(), 5_000, 256, 0, null,
                    PgSslOptions.DEFAULTS.withMode(PgSslMode.DISABLE));
            CompletionException e = assertThrows(CompletionException.class,
                    () -> PgConnection.connect(group.next(), options).join());
            fake.join(5_000);
            return assertInstanceOf(PgProtocolException.class, e.getCause());
        }
    }

    private static void authentication(DataOutputStream out, int code, byte[] body) throws IOException {
        out.writeByte('R');
        out.writeInt(8 + body.length);
        out.writeInt(code);
        out.write(body);
        out.flush();
    }

    /** Reads one message; returns its body. */
    private static byte[] message(DataInputStream in, List<Character> received) throws IOException {
        char type = (char) in.readUnsignedByte();
        received.add(type);
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return body;
    }

    /** AuthenticationSASL, the client's first message, AuthenticationSASLContinue; returns after the client's final. */
    private static void scramUntilClientFinal(DataInputStream in, DataOutputStream out, List<Character> received)
            throws IOException {
        authentication(out, 10, "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII));
        byte[] initial = message(in, received);
        String first = new String(initial, StandardCharsets.UTF_8);
        String nonce = first.substring(first.indexOf("r=") + 2);
        String salt = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        authentication(out, 11, ("r=" + nonce + "server,s=" + salt + ",i=4096").getBytes(StandardCharsets.UTF_8));
        message(in, received); // client-final-message, with its proof
    }

    @Test
    void scramEndedWithoutTheServerSignatureIsRefused() throws Exception {
        List<Character> received = new CopyOnWriteArrayList<>();
        PgProtocolException e = connectTo((in, out, r) -> {
            scramUntilClientFinal(in, out, r);
            authentication(out, 0, new byte[0]); // AuthenticationOk, skipping SASLFinal
            out.writeByte('Z');
            out.writeInt(5);
            out.writeByte('I');
        }, received);
        assertEquals("scram_failed", e.reason(), e.getMessage());
    }

    @Test
    void aServerAskingForTheCleartextPasswordDuringScramDoesNotGetIt() throws Exception {
        List<Character> received = new CopyOnWriteArrayList<>();
        PgProtocolException e = connectTo((in, out, r) -> {
            authentication(out, 10, "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII));
            message(in, r);
            authentication(out, 3, new byte[0]); // "now send me the password in clear"
            try {
                in.readByte(); // anything the client might still send
                r.add('?');
            } catch (IOException closed) {
                // the client hung up: good
            }
        }, received);
        assertEquals("scram_failed", e.reason(), e.getMessage());
        assertEquals(List.of('p'), received, "only the SASL initial response went out, no password message");
    }

    @Test
    void md5RequestWithoutItsSaltIsMalformed() throws Exception {
        List<Character> received = new CopyOnWriteArrayList<>();
        PgProtocolException e = connectTo((in, out, r) -> authentication(out, 5, new byte[0]), received);
        assertEquals("malformed_message", e.reason(), e.getMessage());
        assertFalse(received.contains('p'));
    }

    @Test
    void bytesInjectedAfterTheSslAnswerAreRefused() throws Exception {
        // CVE-2021-23222: a man in the middle answers 'S' and appends plaintext the client would read as if it came
        // through TLS. The client must refuse before any handshake.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build())) {
            Thread fake = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    assertEquals(8, in.readInt());
                    assertEquals(80877103, in.readInt()); // SSLRequest
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.write(new byte[] {'S', 'R', 0, 0, 0, 8, 0, 0, 0, 0}); // 'S', then an AuthenticationOk
                    out.flush();
                    in.read();
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            PgConnectOptions options = PgConnectOptions.parse("postgresql://mallory@127.0.0.1:" + server.getLocalPort()
                    + "/db?sslmode=require");
            CompletionException e = assertThrows(CompletionException.class,
                    () -> PgConnection.connect(group.next(), options).join());
            fake.join(5_000);
            assertTrue(e.getCause().getMessage().contains("CVE-2021-23222"), e.getCause().getMessage());
        }
    }
}
