package io.fasterapi.api;

import io.fasterapi.io.tls.TlsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same App over HTTP/2: h2c with prior knowledge (curl) on the plain port beside HTTP/1.1, and h2 by ALPN over
 * TLS (the JDK HttpClient and curl), with routes, path and query parameters, JSON bodies, validation errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AppHttp2Test {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    public record ItemIn(String name, double price) {}

    /** A record, so the JSON's field order is fixed (Map.of's iteration order changes from run to run). */
    public record Found(int id, String q) {}

    public record Version(String version) {}

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

    private static App app(AppConfig config) {
        App app = App.create(config.withHost("127.0.0.1"));
        app.get("/items/{id}", request -> new Found(Integer.parseInt(request.pathParam("id")),
                String.valueOf(request.query("q")))).nonBlocking();
        app.post("/items", request -> request.json(ItemIn.class)).nonBlocking();
        app.get("/version", request -> new Version(request.tls() == null ? "clear"
                : request.tls().applicationProtocol())).nonBlocking();
        return app;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void h2cWithPriorKnowledgeBesideHttp11() throws Exception {
        AppServer server = app(AppConfig.defaults()).start(0);
        try {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals("{\"id\":7,\"q\":\"x\"}", run("curl", "-sS", "--http2-prior-knowledge", base + "/items/7?q=x"));
            String verbose = run("curl", "-sS", "-v", "--http2-prior-knowledge", "-H", "Content-Type: application/json",
                    "--data", "{\"name\":\"pen\",\"price\":1.5}", base + "/items");
            assertTrue(verbose.contains("< HTTP/2 200") && verbose.contains("{\"name\":\"pen\",\"price\":1.5}"), verbose);
            String invalid = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
                    "--http2-prior-knowledge", "-H", "Content-Type: application/json", "--data", "{\"name\":1}",
                    base + "/items");
            assertEquals("422 2", invalid);
            assertEquals("{\"id\":1,\"q\":\"null\"}", run("curl", "-sS", "--http1.1", base + "/items/1"), "HTTP/1.1 too");
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void h2OverTlsByAlpnWithTheJdkClientAndCurl() throws Exception {
        AppServer server = app(AppConfig.defaults().withTls(TlsConfig.server(cert, key))).start(0);
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(AppTlsTest.trusting(cert))
                    .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 20; i++) { // several requests, multiplexed on one connection
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/items/" + i + "?q=jdk")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                assertEquals("{\"id\":" + i + ",\"q\":\"jdk\"}", r.body());
            }
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                            + server.port() + "/items")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cup\",\"price\":2.0}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode());
            assertEquals("{\"name\":\"cup\",\"price\":2.0}", post.body());
            assertEquals("{\"version\":\"h2\"}", run("curl", "-sS", "--http2", "--cacert", cert.toString(),
                    "https://localhost:" + server.port() + "/version"));
            assertEquals("{\"version\":\"http/1.1\"}", run("curl", "-sS", "--http1.1", "--cacert", cert.toString(),
                    "https://localhost:" + server.port() + "/version"), "ALPN http/1.1 still served");
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void http2CanBeSwitchedOff() throws Exception {
        AppServer server = app(AppConfig.defaults().withHttp2(AppConfig.Http2.off())).start(0);
        try {
            String out = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--http2-prior-knowledge",
                    "http://127.0.0.1:" + server.port() + "/items/1");
            assertTrue(!out.startsWith("200"), "no HTTP/2 when off: " + out);
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
    }
}
