package io.fasterapi.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document: what each route declares, checked field by field, and the whole document checked by an
 * independent validator (npm {@code @apidevtools/swagger-parser}, installed by {@code .ci/run}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiTest {
    private static final File NODE_DIR = new File("src/test/node");

    public enum Size { SMALL, LARGE }

    public record Dimensions(double width, double height) {}

    public record ItemIn(String name, double price, Optional<String> description, List<String> tags, Size size,
                         Dimensions dimensions, LocalDate available) {}

    public record Item(long id, String name, double price, Optional<String> description) {}

    /** A recursive record: its schema refers to itself. */
    public record Category(String name, List<Category> children) {}

    public static final class Clock {}

    public static final class ShopApi {
        @Get("/items/{id}")
        public Item getItem(@Path long id, @Query(defaultValue = "false") boolean verbose, Clock clock) {
            return new Item(id, "x", 1, Optional.empty());
        }

        @Get("/items")
        public List<Item> listItems(@Query(defaultValue = "20") int limit, Optional<String> q, List<UUID> tag,
                                    @Header String xRequestId) {
            return List.of();
        }

        @Post(value = "/items", status = 201)
        public CompletionStage<Item> createItem(@Body ItemIn item) {
            return CompletableFuture.completedFuture(new Item(1, item.name(), item.price(), item.description()));
        }

        @Delete(value = "/items/{id}", status = 204)
        public void deleteItem(@Path long id) {}

        @Get("/categories")
        public Map<String, Category> categories() {
            return Map.of();
        }

        @Get("/motd")
        public String motd() {
            return "hello";
        }

        @WebSocketRoute("/ws/items")
        public WebSocketListener live() {
            return new WebSocketListener() {};
        }
    }

    private static App app() {
        App app = App.create().openApi("Shop", "2.1.0");
        app.dependency(Clock.class, context -> new Clock());
        app.include(new ShopApi());
        app.get("/health", () -> Map.of("status", "ok")).summary("Health check");
        app.get("/users/{userId}/orders/{orderId}", request -> "order").nonBlocking();
        return app;
    }

    @Test
    void documentDescribesEveryHttpRoute() {
        try (TestClient client = TestClient.of(app())) {
            TestClient.Result result = client.get("/openapi.json");
            assertEquals(200, result.status());
            assertTrue(result.header("content-type").startsWith("application/json"));
            JsonNode doc = result.json();
            assertEquals("3.1.0", doc.at("/openapi").asText());
            assertEquals("Shop", doc.at("/info/title").asText());
            assertEquals("2.1.0", doc.at("/info/version").asText());
            JsonNode paths = doc.get("paths");
            assertFalse(paths.has("/ws/items"), "WebSocket routes are not in OpenAPI");
            assertFalse(paths.has("/openapi.json"), "the document does not describe itself");

            JsonNode get = paths.at("/~1items~1{id}/get");
            assertEquals("getItem", get.at("/operationId").asText());
            assertEquals("Get Item", get.at("/summary").asText());
            JsonNode id = get.at("/parameters/0");
            assertEquals("id", id.at("/name").asText());
            assertEquals("path", id.at("/in").asText());
            assertTrue(id.at("/required").asBoolean());
            assertEquals("integer", id.at("/schema/type").asText());
            assertEquals("int64", id.at("/schema/format").asText());
            JsonNode verbose = get.at("/parameters/1");
            assertEquals("query", verbose.at("/in").asText());
            assertFalse(verbose.at("/required").asBoolean());
            assertFalse(verbose.at("/schema/default").asBoolean());
            assertTrue(verbose.at("/schema/default").isBoolean());
            assertEquals(2, get.get("parameters").size(), "dependencies are not parameters");
            assertEquals("#/components/schemas/Item", get.at("/responses/200/content/application~1json/schema/$ref").asText());
            assertEquals("#/components/schemas/HTTPValidationError",
                    get.at("/responses/422/content/application~1json/schema/$ref").asText());

            JsonNode list = paths.at("/~1items/get");
            assertEquals(20, list.at("/parameters/0/schema/default").asInt());
            assertEquals("q", list.at("/parameters/1/name").asText());
            assertFalse(list.at("/parameters/1/required").asBoolean());
            assertEquals("array", list.at("/parameters/2/schema/type").asText());
            assertEquals("uuid", list.at("/parameters/2/schema/items/format").asText());
            assertEquals("x-request-id", list.at("/parameters/3/name").asText());
            assertEquals("header", list.at("/parameters/3/in").asText());
            assertTrue(list.at("/parameters/3/required").asBoolean());
            assertEquals("array", list.at("/responses/200/content/application~1json/schema/type").asText());

            JsonNode create = paths.at("/~1items/post");
            assertTrue(create.at("/requestBody/required").asBoolean());
            assertEquals("#/components/schemas/ItemIn",
                    create.at("/requestBody/content/application~1json/schema/$ref").asText());
            assertEquals("#/components/schemas/Item", create.at("/responses/201/content/application~1json/schema/$ref").asText(),
                    "a CompletionStage<Item> answers an Item");

            JsonNode delete = paths.at("/~1items~1{id}/delete");
            assertTrue(delete.at("/responses/204").isObject());
            assertTrue(delete.at("/responses/204/content").isMissingNode(), "204 has no body");

            assertEquals("string", paths.at("/~1motd/get/responses/200/content/text~1plain/schema/type").asText());
            assertTrue(paths.at("/~1motd/get/responses/422").isMissingNode(), "nothing to validate, no 422");
            assertEquals("Health check", paths.at("/~1health/get/summary").asText());
            JsonNode lambda = paths.at("/~1users~1{userId}~1orders~1{orderId}/get");
            assertEquals("userId", lambda.at("/parameters/0/name").asText());
            assertEquals("orderId", lambda.at("/parameters/1/name").asText());
            assertEquals("string", lambda.at("/parameters/1/schema/type").asText());

            JsonNode schemas = doc.at("/components/schemas");
            JsonNode itemIn = schemas.get("ItemIn");
            assertEquals("object", itemIn.at("/type").asText());
            assertEquals(Set.of("name", "price", "tags", "size", "dimensions", "available"),
                    Set.copyOf(toList(itemIn.get("required"))), "Optional fields are not required");
            assertEquals("null", itemIn.at("/properties/description/anyOf/1/type").asText());
            assertEquals("[\"SMALL\",\"LARGE\"]", itemIn.at("/properties/size/enum").toString());
            assertEquals("#/components/schemas/Dimensions", itemIn.at("/properties/dimensions/$ref").asText());
            assertEquals("date", itemIn.at("/properties/available/format").asText());
            assertEquals("#/components/schemas/Category",
                    schemas.at("/Category/properties/children/items/$ref").asText(), "recursion through a $ref");
            assertEquals("#/components/schemas/ValidationError", schemas.at("/HTTPValidationError/properties/detail/items/$ref").asText());
        }
    }

    @Test
    void swaggerUiPageAndPathsCanMoveOrGo() {
        try (TestClient client = TestClient.of(app())) {
            TestClient.Result docs = client.get("/docs");
            assertEquals(200, docs.status());
            assertTrue(docs.header("content-type").startsWith("text/html"));
            assertTrue(docs.text().contains("SwaggerUIBundle({url: '/openapi.json'"), docs.text());
            assertTrue(docs.text().contains("<title>Shop - Swagger UI</title>"));
        }
        try (TestClient client = TestClient.of(app().openApiPaths("/api/schema.json", null))) {
            assertEquals(200, client.get("/api/schema.json").status());
            assertEquals(404, client.get("/docs").status());
            assertEquals(404, client.get("/openapi.json").status());
        }
        try (TestClient client = TestClient.of(app().openApiPaths(null, null))) {
            assertEquals(404, client.get("/openapi.json").status());
        }
        App own = app();
        own.get("/openapi.json", () -> "mine");
        try (TestClient client = TestClient.of(own)) {
            assertEquals("mine", client.get("/openapi.json").text(), "the app's own route wins");
        }
        assertThrows(IllegalArgumentException.class, () -> App.create().openApiPaths(null, "/docs"));
        assertThrows(IllegalArgumentException.class, () -> App.create().openApiPaths("openapi.json", null));
    }

    /** An independent validator checks the document against the OpenAPI 3.1 schema and resolves every $ref. */
    @Test
    void independentValidatorAcceptsTheDocument() throws Exception {
        boolean available = new File(NODE_DIR, "node_modules/@apidevtools/swagger-parser").isDirectory() && nodeRuns();
        if (!available && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError("node and @apidevtools/swagger-parser are required (npm ci in " + NODE_DIR + ")");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, "node or @apidevtools/swagger-parser missing");
        Map<App, Integer> apps = Map.of(app(), 6, edgeApp(), 8); // PROPFIND /dav left out
        for (var entry : apps.entrySet()) {
            File file = File.createTempFile("openapi", ".json");
            try {
                Files.write(file.toPath(), entry.getKey().openApiDocument());
                Process p = new ProcessBuilder("node", "validate.mjs", file.getAbsolutePath()).directory(NODE_DIR)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.startsWith("valid 3.1.0 " + entry.getValue() + " paths"), out);
            } finally {
                Files.deleteIfExists(file.toPath());
            }
        }
    }

    public enum Color { RED, GREEN }

    public record Page<T>(List<T> items, int total) {}

    public record Stamp(java.time.LocalDateTime at, java.time.LocalTime time, java.util.OptionalInt count,
                        Map<Integer, String> labels) {}

    public static final class EdgeApi {
        @Get("/pages/items")
        public Page<Item> itemPage() {
            return new Page<>(List.of(), 0);
        }

        @Get("/pages/colors")
        public Page<Color> colorPage(@Query(defaultValue = "yes") boolean verbose,
                                     @Query(defaultValue = "5") Optional<Integer> maybe,
                                     @Query(defaultValue = "red") Color color) {
            return new Page<>(List.of(color), verbose ? 1 : 0);
        }

        @Post("/stamps")
        public Stamp stamp(@Body Stamp stamp) {
            return stamp;
        }

        @Post("/raw")
        public int raw(@Body byte[] body) {
            return body.length;
        }

        @Get("/a")
        public String getItem() {
            return "a";
        }
    }

    public static final class MoreApi {
        @Get("/b")
        public String getItem() {
            return "b";
        }

        @Get("/c")
        public String getItem_2() {
            return "c";
        }
    }

    private static App edgeApp() {
        App app = App.create();
        app.include(new EdgeApi()).include(new MoreApi());
        app.get("/{slug}", request -> "page " + request.pathParam("slug"));
        app.route("PROPFIND", "/dav", request -> "dav");
        app.openApiPaths("/api/openapi.json", "/docs");
        return app;
    }

    @Test
    void documentFollowsWhatTheServerAcceptsAndAnswers() {
        App app = edgeApp();
        try (TestClient client = TestClient.of(app)) {
            assertEquals("page docs", client.get("/docs").text(), "the app's /{slug} route answers /docs");
            JsonNode doc = client.get("/api/openapi.json").json();
            JsonNode schemas = doc.at("/components/schemas");
            assertEquals("#/components/schemas/Item", schemas.at("/Page_Item_/properties/items/items/$ref").asText());
            assertEquals("[\"RED\",\"GREEN\"]", schemas.at("/Page_Color_/properties/items/items/enum").toString());
            JsonNode colors = doc.at("/paths/~1pages~1colors/get/parameters");
            assertTrue(colors.at("/0/schema/default").asBoolean(), "\"yes\" is true to the server");
            assertTrue(colors.at("/1/schema/default").isMissingNode(), "an Optional parameter ignores its default");
            assertEquals("RED", colors.at("/2/schema/default").asText());
            JsonNode stamp = schemas.get("Stamp");
            assertTrue(stamp.at("/properties/at/format").isMissingNode(), "no offset: not RFC 3339 date-time");
            assertEquals("null", stamp.at("/properties/count/anyOf/1/type").asText());
            assertFalse(toList(stamp.get("required")).contains("count"));
            assertFalse(doc.at("/paths/~1raw/post/requestBody/required").asBoolean());
            assertTrue(doc.at("/paths/~1dav").isMissingNode(), "PROPFIND cannot be described in OpenAPI");
            Set<String> ids = new java.util.HashSet<>();
            doc.get("paths").forEach(item -> item.forEach(op -> assertTrue(ids.add(op.get("operationId").asText()),
                    "operationIds are unique: " + op.get("operationId"))));
            assertFalse(new String(app.openApiDocument(), StandardCharsets.UTF_8).contains("/api/openapi.json"),
                    "the document does not list its own routes, even after start");

            // The server does what the document says: a local date-time without offset, an absent OptionalInt,
            // Integer map keys.
            TestClient.Result echoed = client.post("/stamps",
                    Map.of("at", "2024-01-01T10:00:00", "time", "10:00", "labels", Map.of("1", "one")));
            assertEquals(200, echoed.status(), echoed.text());
            assertTrue(echoed.json().get("count").isNull());
            assertEquals("one", echoed.json().at("/labels/1").asText());
            assertEquals(422, client.post("/stamps", Map.of("at", "2024-01-01T10:00:00", "time", "10:00",
                    "labels", Map.of("x", "one"))).status(), "a map key that is not an integer");
        }
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
