package io.fasterapi.http1.server;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.io.tls.TlsContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/1.1 over the TLS channel (OpenSSL through FFM), on every transport, against independent clients: curl
 * (OpenSSL's client: --cacert, --tlsv1.2/1.3), the JDK HttpClient (the JDK's own TLS stack) and
 * {@code openssl s_client} (ALPN); plaintext HTTP to the TLS port is refused and the server goes on serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsHttpServerTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;
    static TlsContext tls;

    @BeforeAll
    static void certificate() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        TestCertificates.make(dir);
        tls = TlsContext.server(TlsConfig.server(cert, key));
    }

    @AfterAll
    static void closeContext() {
        if (tls != null) {
            tls.close();
        }
    }

    private static HttpServer start(EventLoopGroup group) throws Exception {
        return HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), tls, TestRoutes::handle);
    }

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                        || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")),
                () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(2).build());
    }

    /** curl verifies the certificate against the CA file, over TLS 1.3 and 1.2, with keep-alive and a body. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void curlOverTls12And13(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            String base = "https://localhost:" + server.port();
            for (String version : new String[] {"--tlsv1.3", "--tlsv1.2"}) {
                String out = Curl.run("-sS", "--cacert", cert.toString(), version, "--tls-max",
                        version.equals("--tlsv1.3") ? "1.3" : "1.2", "-w", "\n%{http_code} %{http_version}",
                        base + "/hello", base + "/hello");
                assertEquals("Hello, World!\n200 1.1Hello, World!\n200 1.1", out, version);
            }
            byte[] body = new byte[300_000];
            new java.util.Random(9).nextBytes(body);
            Path file = dir.resolve("body-" + transport);
            Files.write(file, body);
            Path echoed = dir.resolve("echoed-" + transport);
            Curl.run("-sS", "--cacert", cert.toString(), "--data-binary", "@" + file, "-o", echoed.toString(),
                    base + "/echo");
            assertArrayEquals(body, Files.readAllBytes(echoed), "a 300 KB body through TLS records both ways");
        }
    }

    /** The JDK's HttpClient, trusting only our certificate: pipelined keep-alive requests and an 8 MB response. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void jdkHttpClientOverTls(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestCertificates.trusting(cert))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port() + "/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello, World!", r.body());
            }
            HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/big")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(TestRoutes.BIG.length, big.body().length);
        }
    }

    /** openssl s_client negotiates ALPN http/1.1 (RFC 7301) and gets an answer over the session. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void opensslClientNegotiatesAlpn(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-servername", "localhost", "-alpn", "h2,http/1.1", "-CAfile", cert.toString(), "-quiet",
                    "-verify_return_error", "-ign_eof")
                    .redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.contains("HTTP/1.1 200 OK") && out.contains("Hello, World!"), out);
            Process alpn = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-servername", "localhost", "-alpn", "h2,http/1.1", "-CAfile", cert.toString())
                    .redirectErrorStream(true).start();
            alpn.getOutputStream().close();
            String summary = new String(alpn.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(alpn.waitFor(30, TimeUnit.SECONDS));
            assertTrue(summary.contains("ALPN protocol: http/1.1"), summary);
            assertTrue(summary.contains("New, TLSv1.3"), summary);
            assertTrue(summary.contains("Verify return code: 0 (ok)"), summary);
        }
    }

    /** RFC 8446 §2.2 and RFC 5077: a second openssl s_client resumes the first one's session (TLS 1.3 and 1.2). */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void sessionsAreResumed(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
                Path session = dir.resolve("session-" + transport + version + ".pem");
                String first = sClient(server, version, "-sess_out", session.toString());
                assertTrue(first.contains("New, TLSv1."), first);
                assertTrue(Files.size(session) > 0, "a session was saved");
                String second = sClient(server, version, "-sess_in", session.toString());
                assertTrue(second.contains("Reused, TLSv1."), version + " resumed: " + second);
            }
        }
    }

    /** One s_client run that sends a request and reads the answer (so TLS 1.3's tickets arrive first). */
    private static String sClient(HttpServer server, String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile", cert.toString(),
                "-ign_eof"));
        command.addAll(java.util.List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("Hello, World!"), out);
        return out;
    }

    /** Plaintext HTTP to the TLS port gets no HTTP answer and a closed connection; TLS clients are still served. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void plaintextToTheTlsPortIsRefused(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] answer = in.readNBytes(64);
                String text = new String(answer, StandardCharsets.ISO_8859_1);
                assertTrue(!text.contains("HTTP/1.1"), "no HTTP answer in the clear: " + text);
                // a TLS alert record (content type 21) or nothing, then EOF
                assertTrue(answer.length == 0 || answer[0] == 21, "an alert or nothing: " + java.util.HexFormat.of().formatHex(answer));
            }
            String out = Curl.run("-sS", "--cacert", cert.toString(), "https://localhost:" + server.port() + "/hello");
            assertEquals("Hello, World!", out);
        }
    }

    /**
     * sslscan (its own OpenSSL client, probing each version and cipher): SSLv2/3, TLS 1.0 and 1.1 off, 1.2 and 1.3
     * on, every TLS 1.2 cipher accepted has forward secrecy and an AEAD, no renegotiation, not vulnerable to
     * Heartbleed.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void sslscanFindsOnlyModernVersionsAndCiphers(Transport transport) throws Exception {
        boolean installed = new java.io.File("/usr/bin/sslscan").canExecute();
        if (!installed && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError("sslscan is not installed (apt-get install sslscan)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "sslscan is not installed");
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            Process p = new ProcessBuilder("sslscan", "--no-colour", "--no-fallback", "--sni-name=localhost",
                    "127.0.0.1:" + server.port()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            for (String off : new String[] {"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1"}) {
                assertTrue(out.matches("(?s).*\\n" + java.util.regex.Pattern.quote(off) + " +disabled.*"), off + ": " + out);
            }
            assertTrue(out.matches("(?s).*\\nTLSv1\\.2 +enabled.*") && out.matches("(?s).*\\nTLSv1\\.3 +enabled.*"), out);
            assertTrue(out.contains("Session renegotiation not supported"), out);
            assertTrue(!out.contains("vulnerable to heartbleed") || !out.matches("(?s).*\\n\\S+ vulnerable to heartbleed.*"), out);
            int tls12 = 0;
            for (String line : out.split("\n")) {
                if (line.matches("(Preferred|Accepted) +TLSv1\\.2 .*")) {
                    tls12++;
                    String cipher = line.trim().split(" +")[4];
                    assertTrue(cipher.matches("(ECDHE|DHE)-.*(GCM|CHACHA20-POLY1305).*"), "forward secrecy and AEAD: " + line);
                }
            }
            assertTrue(tls12 > 0, out);
            assertEquals("Hello, World!", Curl.run("-sS", "--cacert", cert.toString(),
                    "https://localhost:" + server.port() + "/hello"), "served after the scan");
        }
    }
}
