package io.fasterapi.http1.server;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.io.tls.TlsContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's TLS configuration against independent clients (openssl s_client, curl, the JDK): certificates chosen
 * by SNI, an encrypted key with its passphrase, client certificates (mTLS) required and optional, the key log,
 * certificates reloaded without a restart, session-ticket keys that rotate, a TLS 1.3 key update and a refused
 * TLS 1.2 renegotiation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsServerFeaturesTest {
    @TempDir
    static Path dir;
    static Path caCert;
    static Path otherCaCert;
    static final String PASSPHRASE = "server-key-Pa55";

    @BeforeAll
    static void certificates() throws Exception {
        caCert = TestCertificates.ca(dir, "ca");
        otherCaCert = TestCertificates.ca(dir, "otherca");
        TestCertificates.signed(dir, "default", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1", "ca");
        TestCertificates.signed(dir, "api", "/CN=api.example.test",
                "subjectAltName=DNS:api.example.test,DNS:*.wild.example.test", "ca");
        TestCertificates.signed(dir, "client", "/CN=client one", "extendedKeyUsage=clientAuth", "ca");
        TestCertificates.signed(dir, "stranger", "/CN=stranger", "extendedKeyUsage=clientAuth", "otherca");
        TestCertificates.encryptedKey(dir, "default", PASSPHRASE);
    }

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")), () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(2).build());
    }

    private static TlsConfig base() {
        return TlsConfig.server(dir.resolve("default.crt"), dir.resolve("default.key"));
    }

    private static HttpServer start(EventLoopGroup group, TlsContext tls) throws Exception {
        return HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), tls, TestRoutes::handle);
    }

    /** Runs a command to its end; returns its exit code and output (stdout and stderr). */
    private static Run run(List<String> command, String input) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not finish: " + command);
        return new Run(p.exitValue(), output);
    }

    private record Run(int exit, String output) {}

    private static Run sClient(HttpServer server, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-CAfile", caCert.toString(), "-ign_eof"));
        command.addAll(List.of(options));
        return run(command, "GET /tls HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private static Run curl(HttpServer server, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", caCert.toString()));
        command.addAll(List.of(options));
        command.add("https://localhost:" + server.port() + "/tls");
        return run(command, "");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sniChoosesTheCertificateByHostNameAndWildcard(Transport transport) throws Exception {
        TlsConfig config = base().withSniCertificate(List.of("api.example.test", "*.wild.example.test"),
                dir.resolve("api.crt"), dir.resolve("api.key"), null);
        try (EventLoopGroup group = group(transport); TlsContext tls = TlsContext.server(config)) {
            HttpServer server = start(group, tls);
            Run api = sClient(server, "-servername", "api.example.test", "-verify_hostname", "api.example.test",
                    "-verify_return_error");
            assertTrue(api.output().contains("subject=CN = api.example.test"), api.output());
            assertTrue(api.output().contains("TLSv1.3|api.example.test|no client certificate"), api.output());
            Run wildcard = sClient(server, "-servername", "x.wild.example.test", "-verify_return_error");
            assertTrue(wildcard.output().contains("subject=CN = api.example.test"), wildcard.output());
            Run deeper = sClient(server, "-servername", "a.b.wild.example.test");
            assertTrue(deeper.output().contains("subject=CN = localhost"), "one label only: " + deeper.output());
            Run other = sClient(server, "-servername", "other.test");
            assertTrue(other.output().contains("subject=CN = localhost"), other.output());
            Run none = sClient(server, "-noservername");
            assertTrue(none.output().contains("subject=CN = localhost"), none.output());
            assertTrue(none.output().contains("TLSv1.3|null|"), none.output());
        }
    }

    @Test
    void anEncryptedKeyNeedsItsPassphraseWhichIsNeverPrinted() throws Exception {
        Path encrypted = dir.resolve("default-encrypted.key");
        TlsConfig config = TlsConfig.server(dir.resolve("default.crt"), encrypted).withPrivateKeyPassword(PASSPHRASE);
        assertFalse(config.toString().contains(PASSPHRASE));
        try (EventLoopGroup group = group(Transport.NIO); TlsContext tls = TlsContext.server(config)) {
            Run ok = curl(start(group, tls));
            assertEquals(0, ok.exit(), ok.output());
            assertTrue(ok.output().startsWith("TLSv1.3|localhost|"), ok.output());
        }
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> TlsContext.server(
                TlsConfig.server(dir.resolve("default.crt"), encrypted).withPrivateKeyPassword("not-it")));
        assertTrue(wrong.getMessage().contains("private key"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("not-it"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> TlsContext.server(
                TlsConfig.server(dir.resolve("default.crt"), encrypted)));
        assertTrue(missing.getMessage().contains("passphrase"), missing.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientCertificatesRequiredAndOptional(Transport transport) throws Exception {
        String[] client = {"--cert", dir.resolve("client.crt").toString(), "--key", dir.resolve("client.key").toString()};
        String[] stranger = {"--cert", dir.resolve("stranger.crt").toString(), "--key",
                dir.resolve("stranger.key").toString()};
        try (EventLoopGroup group = group(transport);
             TlsContext required = TlsContext.server(base().withClientAuth(TlsConfig.ClientAuth.REQUIRED, caCert));
             TlsContext optional = TlsContext.server(base().withClientAuth(TlsConfig.ClientAuth.OPTIONAL, caCert))) {
            HttpServer strict = start(group, required);
            Run with = curl(strict, client);
            assertEquals(0, with.exit(), with.output());
            assertEquals("TLSv1.3|localhost|CN=client one", with.output());
            Run without = curl(strict);
            assertNotEquals(0, without.exit(), "no certificate, no connection: " + without.output());
            Run foreign = curl(strict, stranger);
            assertNotEquals(0, foreign.exit(), "a certificate from another CA is refused: " + foreign.output());
            Run acceptedNames = sClient(strict, "-servername", "localhost");
            assertTrue(acceptedNames.output().contains("Acceptable client certificate CA names")
                    && acceptedNames.output().contains("CN = ca"), acceptedNames.output());

            HttpServer lenient = start(group, optional);
            assertEquals("TLSv1.3|localhost|no client certificate", curl(lenient).output());
            assertEquals("TLSv1.3|localhost|CN=client one", curl(lenient, client).output());
            assertNotEquals(0, curl(lenient, stranger).exit(), "a certificate sent must verify");
            assertEquals("Hello, World!", curlHello(strict, client), "the loops went on serving");
        }
    }

    private static String curlHello(HttpServer server, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", caCert.toString()));
        command.addAll(List.of(options));
        command.add("https://localhost:" + server.port() + "/hello");
        return run(command, "").output();
    }

    @Test
    void theKeyLogHoldsEachSessionsSecretsInNssFormat() throws Exception {
        Path log = dir.resolve("keys.log");
        try (EventLoopGroup group = group(Transport.NIO); TlsContext tls = TlsContext.server(base().withKeyLogFile(log))) {
            HttpServer server = start(group, tls);
            assertEquals(0, curl(server).exit());
            assertEquals(0, curl(server, "--tlsv1.2", "--tls-max", "1.2").exit());
        }
        String lines = Files.readString(log);
        assertTrue(lines.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET ") && lines.contains("SERVER_TRAFFIC_SECRET_0 "),
                lines);
        assertTrue(lines.contains("CLIENT_RANDOM "), "TLS 1.2's master secret line: " + lines);
        for (String line : lines.strip().split("\n")) {
            assertTrue(line.matches("[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+"), line);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void certificatesReloadWithoutARestartAndOpenConnectionsGoOn(Transport transport) throws Exception {
        Path live = dir.resolve("reload-" + transport);
        Files.createDirectories(live);
        TestCertificates.signed(dir, "v1-" + transport, "/CN=version one", "subjectAltName=DNS:localhost", "ca");
        TestCertificates.signed(dir, "v2-" + transport, "/CN=version two", "subjectAltName=DNS:localhost", "ca");
        Path cert = live.resolve("cert.pem");
        Path key = live.resolve("key.pem");
        Files.copy(dir.resolve("v1-" + transport + ".crt"), cert);
        Files.copy(dir.resolve("v1-" + transport + ".key"), key);
        SSLContext jdk = TestCertificates.trusting(caCert);
        try (EventLoopGroup group = group(transport); TlsContext tls = TlsContext.server(TlsConfig.server(cert, key))) {
            HttpServer server = start(group, tls);
            assertTrue(sClient(server, "-servername", "localhost").output().contains("subject=CN = version one"));
            try (SSLSocket before = (SSLSocket) jdk.getSocketFactory().createSocket("localhost", server.port())) {
                before.setSoTimeout(10_000);
                assertTrue(keepAliveGet(before).endsWith("Hello, World!"));

                Files.copy(dir.resolve("v2-" + transport + ".crt"), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dir.resolve("v2-" + transport + ".key"), key, StandardCopyOption.REPLACE_EXISTING);
                tls.reload();
                assertTrue(sClient(server, "-servername", "localhost").output().contains("subject=CN = version two"));
                assertTrue(keepAliveGet(before).endsWith("Hello, World!"), "a connection from before the reload goes on");

                Files.writeString(key, "not a key");
                assertThrows(IllegalArgumentException.class, tls::reload);
                assertTrue(sClient(server, "-servername", "localhost").output().contains("subject=CN = version two"),
                        "a failed reload keeps what was loaded");
            }
        }
    }

    private static String keepAliveGet(SSLSocket s) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("Hello, World!")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            response.append((char) b);
        }
        return response.toString();
    }

    @Test
    void sessionTicketKeysRotateAndTheirTicketsExpireAfterTwoPeriods() throws Exception {
        try (EventLoopGroup group = group(Transport.NIO);
             TlsContext tls = TlsContext.server(base().withSessionTicketKeyRotationMillis(1_500))) {
            HttpServer server = start(group, tls);
            Path session = dir.resolve("rotation-session.pem");
            Run first = sClient(server, "-servername", "localhost", "-sess_out", session.toString());
            assertTrue(first.output().contains("New, TLSv1.3"), first.output());
            Thread.sleep(1_700); // the ticket's key is now the previous one: it still resumes (and is renewed)
            Run renewed = sClient(server, "-servername", "localhost", "-sess_in", session.toString());
            assertTrue(renewed.output().contains("Reused, TLSv1.3"), renewed.output());
            Thread.sleep(3_200); // two periods on: the key is gone
            Run expired = sClient(server, "-servername", "localhost", "-sess_in", session.toString());
            assertTrue(expired.output().contains("New, TLSv1.3"), expired.output());
        }
        try (EventLoopGroup group = group(Transport.NIO);
             TlsContext tls = TlsContext.server(base().withSessionTicketKeyRotationMillis(0))) {
            HttpServer server = start(group, tls);
            Path session = dir.resolve("no-ticket-session.pem");
            Run only = sClient(server, "-servername", "localhost", "-sess_out", session.toString());
            assertTrue(only.output().contains("New, TLSv1.3"), only.output());
            // TLS 1.3 resumes only from a ticket: with none sent, s_client has no session to save
            assertFalse(Files.exists(session), "tickets off, yet a session was saved");
        }
    }

    /** s_client's interactive commands ("K": key update asking the peer to update too; "R": renegotiate). */
    private static String interactive(HttpServer server, String version, String command) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-servername",
                "localhost", "-CAfile", caCert.toString(), version).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] chunk = new byte[4096];
                int n;
                while ((n = in.read(chunk)) > 0) {
                    output.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        OutputStream in = p.getOutputStream();
        String request = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";
        in.write(request.getBytes(StandardCharsets.US_ASCII));
        in.flush();
        await(output, o -> count(o, "Hello, World!") >= 1);
        in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
        Thread.sleep(300);
        try {
            in.write(request.getBytes(StandardCharsets.US_ASCII));
            in.flush();
            await(output, o -> count(o, "Hello, World!") >= 2 || !p.isAlive());
            in.close();
        } catch (java.io.IOException closed) {
            // s_client ended (the server refused)
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        reader.join(5_000);
        return output.toString();
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static void await(StringBuffer output, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(output.toString()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aKeyUpdateIsFollowedAndRenegotiationRefused(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport); TlsContext tls = TlsContext.server(base())) {
            HttpServer server = start(group, tls);
            String updated = interactive(server, "-tls1_3", "K");
            assertTrue(updated.contains("KEYUPDATE"), updated);
            assertEquals(2, count(updated, "Hello, World!"), "served before and after the key update: " + updated);

            String renegotiated = interactive(server, "-tls1_2", "R");
            assertTrue(renegotiated.contains("RENEGOTIATING"), renegotiated);
            assertTrue(count(renegotiated, "Hello, World!") == 1 || renegotiated.contains("no renegotiation"),
                    "the renegotiation did not happen: " + renegotiated);
            assertEquals("Hello, World!", curlHello(server), "the server goes on serving");
        }
    }
}
