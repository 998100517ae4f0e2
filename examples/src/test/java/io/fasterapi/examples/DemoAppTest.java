package io.fasterapi.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.fasterapi.api.AppConfig;
import io.fasterapi.api.TestClient;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.pg.client.PgConnectOptions;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoAppTest {
    static PgEmbeddedCluster database;

    @BeforeAll
    static void startDatabase() {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        database = PgEmbeddedCluster.start();
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** The demo on a fresh items table (the app creates it at startup). */
    private static TestClient client() {
        database.psql("DROP TABLE IF EXISTS items");
        AppConfig config = AppConfig.defaults().withHost("127.0.0.1").withEngine(EngineConfig.builder().eventLoops(2).build());
        return TestClient.of(DemoApp.create(config, PgConnectOptions.parse(database.url(PgEmbeddedCluster.SCRAM_USER)), false));
    }

    @Test
    void healthAndTechEmpowerRoutes() {
        try (TestClient client = client()) {
            assertEquals("{\"status\":\"ok\"}", client.get("/health").text());
            TestClient.Result plain = client.get("/plaintext");
            assertEquals("Hello, World!", plain.text());
            assertEquals("FasterAPI", plain.header("Server"));
            assertTrue(plain.header("Date").endsWith(" GMT"));
            assertEquals("{\"message\":\"Hello, World!\"}", client.get("/json").text());
        }
    }

    @Test
    void webSocketEcho() throws Exception {
        try (TestClient client = client(); java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(
                    java.net.URI.create("ws://127.0.0.1:" + client.server().port() + "/ws/echo"),
                    new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                                                                               boolean last) {
                            received.add(data.toString());
                            w.request(1);
                            return null;
                        }
                    }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            ws.sendText("ping from the test", true).join();
            assertEquals("ping from the test", received.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            ws.sendClose(1000, "").join();
        }
    }

    @Test
    void itemsCrud() {
        try (TestClient client = client()) {
            TestClient.Result created = client.post("/items", Map.of("name", "lamp", "price", 12.5));
            assertEquals(201, created.status());
            long id = created.json().get("id").asLong();
            assertEquals("lamp", client.get("/items/" + id).json().get("name").asText());
            client.post("/items", Map.of("name", "desk", "price", 99, "description", "oak"));
            JsonNode page = client.get("/items?limit=1&offset=1").json();
            assertEquals(1, page.size());
            assertEquals("oak", page.get(0).get("description").asText());
            TestClient.Result replaced = client.put("/items/" + id, Map.of("name", "lamp v2", "price", 13));
            assertEquals("lamp v2", replaced.json().get("name").asText());
            assertEquals(204, client.delete("/items/" + id).status());
            TestClient.Result gone = client.get("/items/" + id);
            assertEquals(404, gone.status());
            assertEquals("{\"detail\":\"Item not found\"}", gone.text());
            assertEquals(404, client.put("/items/" + id, Map.of("name", "x", "price", 1)).status());
            assertEquals("1", database.psql("SELECT count(*) FROM items"), "the desk is in PostgreSQL");
        }
    }

    @Test
    void invalidInputIs422() {
        try (TestClient client = client()) {
            JsonNode detail = client.post("/items", Map.of("name", " ", "price", 1)).json().get("detail").get(0);
            assertEquals("value_error", detail.get("type").asText());
            assertTrue(detail.get("msg").asText().contains("name must not be blank"));
            assertEquals(422, client.get("/items/abc").status());
            assertEquals(422, client.get("/items?limit=0").status());
        }
    }
}
