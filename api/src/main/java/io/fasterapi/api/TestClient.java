package io.fasterapi.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drives an {@link App} in tests, like FastAPI's {@code TestClient}: starts the app on a free loopback port
 * and talks real HTTP to it with the JDK's HttpClient (an independent client).
 *
 * <pre>{@code
 * try (TestClient client = TestClient.of(app)) {
 *     TestClient.Result r = client.get("/items/1");
 *     assertEquals(200, r.status());
 *     assertEquals("first", r.json().get("name").asText());
 * }
 * }</pre>
 */
public final class TestClient implements AutoCloseable {
    private static final ObjectMapper JSON = Json.defaultMapper();

    private final AppServer server;
    private final HttpClient http;
    private final String base;

    private TestClient(AppServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = server.baseUrl();
    }

    /** Starts {@code app} (not yet started) on a free port. */
    public static TestClient of(App app) {
        return new TestClient(app.start("127.0.0.1", 0)); // loopback only: a test app is nobody else's
    }

    /** The running server, for its port or to shut it down in a test. */
    public AppServer server() {
        return server;
    }

    /** A response: status, headers, body. */
    public record Result(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("body is not JSON: " + text(), e);
            }
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    public Result get(String path) {
        return request("GET", path, null, Map.of());
    }

    public Result get(String path, Map<String, String> headers) {
        return request("GET", path, null, headers);
    }

    public Result delete(String path) {
        return request("DELETE", path, null, Map.of());
    }

    /** POST with {@code body} written as JSON. */
    public Result post(String path, Object body) {
        return request("POST", path, json(body), Map.of("Content-Type", "application/json"));
    }

    /** PUT with {@code body} written as JSON. */
    public Result put(String path, Object body) {
        return request("PUT", path, json(body), Map.of("Content-Type", "application/json"));
    }

    /** Any request; {@code body} may be null. */
    public Result request(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Result(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static byte[] json(Object body) {
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shuts the app down gracefully. */
    @Override
    public void close() {
        http.close();
        server.close();
    }
}
