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
