package io.fasterapi.api;

import io.fasterapi.io.tls.TlsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An App serving HTTPS and wss (AppConfig.withTls), tried with the JDK's HttpClient and WebSocket client and curl. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppTlsTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void certificate() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
    }

    @Test
    void servesHttpsAndWss() throws Exception {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1").withTls(TlsConfig.server(cert, key)));
        app.get("/health", () -> Map.of("status", "ok")).nonBlocking();
        app.websocket("/ws/echo", request -> new WebSocketListener() {
            @Override
            public void onText(io.fasterapi.api.WebSocket ws, String text) {
                ws.sendText("echo: " + text);
            }
        });
        AppServer server = app.start(0);
        try {
            assertTrue(server.baseUrl().startsWith("https://"), server.baseUrl());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"ok\"}", health.body());

            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(
                    URI.create("wss://localhost:" + server.port() + "/ws/echo"), new WebSocket.Listener() {
                        final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("hello over wss", true).get(10, TimeUnit.SECONDS);
            assertEquals("echo: hello over wss", reply.get(10, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--cacert", cert.toString(),
                    "https://localhost:" + server.port() + "/health").redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals("{\"status\":\"ok\"}", body);
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
    }

    /** The plain listener answers 308 to the same host, path and query over HTTPS; curl follows it. */
    @Test
    void aPlainListenerRedirectsToHttpsAndCertificatesReload() throws Exception {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1").withTls(TlsConfig.server(cert, key))
                .withHttpsRedirectPort(0));
        app.get("/items/{id}", request -> Map.of("id", request.pathParam("id"), "q", request.query("q"))).nonBlocking();
        app.post("/echo", request -> new String(request.body(), StandardCharsets.UTF_8)).nonBlocking();
        AppServer server = app.start(0);
        try {
            int plain = server.redirectPort();
            assertTrue(plain > 0 && plain != server.port());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> moved = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + plain + "/items/7?q=a%20b")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(308, moved.statusCode());
            assertEquals("https://localhost:" + server.port() + "/items/7?q=a%20b",
                    moved.headers().firstValue("location").orElseThrow());
            HttpResponse<String> noHost = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + plain + "/")).header("X-Ignored", "1").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(308, noHost.statusCode());
            // curl follows the redirect, keeping the method and body (308), and trusts the certificate.
            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "-L", "--cacert", cert.toString(),
                    "-H", "Content-Type: application/json", "--data", "{\"a\":1}",
                    "http://localhost:" + plain + "/echo").redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals("{\"a\":1}", body, "the POST and its body followed the 308");
            try (java.net.Socket raw = new java.net.Socket("127.0.0.1", plain)) {
                raw.getOutputStream().write("GET / HTTP/1.1\r\nHost: evil.test/x?\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(raw.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 400", answer, "a Host that is not a host name is not echoed into Location");
            }
            server.reloadTls(); // the same files again: new connections keep working
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).version(HttpClient.Version.HTTP_1_1).build();
            assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                    + "/items/1?q=x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
        App plainApp = App.create(AppConfig.defaults().withHost("127.0.0.1").withHttpsRedirectPort(0));
        plainApp.get("/", () -> "x").nonBlocking();
        assertThrows(IllegalStateException.class, () -> plainApp.start(0), "a redirect to HTTPS needs TLS");
    }

    @Test
    void aMissingKeyFileFailsTheStartWithItsName() {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withTls(TlsConfig.server(cert, dir.resolve("no-such-key.pem"))));
        app.get("/", () -> "x").nonBlocking();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.start(0));
        assertTrue(e.getMessage().contains("no-such-key.pem"), e.getMessage());
    }

    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
