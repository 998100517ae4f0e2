package io.fasterapi.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fasterapi.io.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppTest {

    public record NewItem(String name, double price, Optional<String> description, List<String> tags) {}

    public record Item(long id, String name, double price) {}

    public record Order(String customer, List<Line> lines) {
        public record Line(String sku, int quantity) {}
    }

    public enum Color { RED, GREEN }

    /** The controller the tests call, FastAPI-style: the signature says where each value comes from. */
    public static final class ItemsApi {
        @Get("/items/{id}")
        public Item get(@Path long id, @Query(defaultValue = "false") boolean verbose) {
            if (id == 404) {
                throw new HttpException(404, "Item not found");
            }
            return new Item(id, verbose ? "item " + id + " (verbose)" : "item " + id, 9.5);
        }

        @Get("/items")
        public Map<String, Object> list(@Query(defaultValue = "10") int limit, @Query(defaultValue = "0") int offset,
                                        Optional<String> q, List<String> tag) {
            return Map.of("limit", limit, "offset", offset, "q", q.orElse("-"), "tags", tag);
        }

        @Post(value = "/items", status = 201)
        public Item create(@Body NewItem item) {
            return new Item(1, item.name(), item.price());
        }

        @Post("/orders")
        public Map<String, Object> order(@Body Order order) {
            return Map.of("lines", order.lines().size());
        }

        @Get("/uuid/{key}")
        public String uuid(@Path UUID key) {
            return key.toString();
        }

        @Get("/color/{color}")
        public String color(@Path Color color) {
            return color.name();
        }

        @Get("/whoami")
        public String whoami(@Header String userAgent, @Header(value = "X-Token", defaultValue = "none") String token) {
            return userAgent + "|" + token;
        }

        @Delete(value = "/items/{id}", status = 204)
        public void remove(@Path long id) {
            // nothing to return: 204
        }

        @NonBlocking
        @Get("/thread/loop")
        public String loopThread() {
            return Thread.currentThread().getName() + "|" + Thread.currentThread().isVirtual();
        }

        @Get("/thread/blocking")
        public String blockingThread() throws InterruptedException {
            Thread.sleep(5); // allowed: this runs on a virtual thread
            return Thread.currentThread().getName() + "|" + Thread.currentThread().isVirtual();
        }

        @Get("/later")
        public CompletableFuture<Map<String, String>> later() {
            return CompletableFuture.supplyAsync(() -> Map.of("when", "later"),
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }
    }

    private static App app() {
        return App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withEngine(EngineConfig.builder().eventLoops(1).build()));
    }

    private static App itemsApp() {
        App app = app();
        app.include(new ItemsApi());
        return app;
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void typedPathAndQueryParameters() {
        try (TestClient client = TestClient.of(itemsApp())) {
            JsonNode item = client.get("/items/42?verbose=true").json();
            assertEquals(42, item.get("id").asLong());
            assertEquals("item 42 (verbose)", item.get("name").asText());
            JsonNode list = client.get("/items?q=lamp&tag=a&tag=b&limit=3").json();
            assertEquals(3, list.get("limit").asInt());
            assertEquals(0, list.get("offset").asInt());
            assertEquals("lamp", list.get("q").asText());
            assertEquals("[\"a\",\"b\"]", list.get("tags").toString());
            assertEquals("-", client.get("/items").json().get("q").asText());
            String key = UUID.randomUUID().toString();
            assertEquals(key, client.get("/uuid/" + key).text());
            assertEquals("GREEN", client.get("/color/green").text());
        }
    }

    @Test
    void invalidParametersGet422LikeFastApi() {
        try (TestClient client = TestClient.of(itemsApp())) {
            TestClient.Result r = client.get("/items/abc");
            assertEquals(422, r.status());
            assertEquals("application/json", r.header("Content-Type"));
            JsonNode error = r.json().get("detail").get(0);
            assertEquals("int_parsing", error.get("type").asText());
            assertEquals("[\"path\",\"id\"]", error.get("loc").toString());
            assertEquals("Input should be a valid integer, unable to parse string as an integer", error.get("msg").asText());
            assertEquals("abc", error.get("input").asText());

            JsonNode two = client.get("/items?limit=x&offset=y").json().get("detail");
            assertEquals(2, two.size(), "every failing parameter is listed: " + two);
            assertEquals("[\"query\",\"offset\"]", two.get(1).get("loc").toString());

            assertEquals("uuid_parsing", client.get("/uuid/not-a-uuid").json().get("detail").get(0).get("type").asText());
            assertEquals("enum", client.get("/color/blue").json().get("detail").get(0).get("type").asText());
        }
    }

    @Test
    void headersByNameWithDefaults() {
        try (TestClient client = TestClient.of(itemsApp())) {
            assertEquals("tester|none", client.get("/whoami", Map.of("User-Agent", "tester")).text());
            assertEquals("tester|t0k", client.get("/whoami", Map.of("User-Agent", "tester", "X-Token", "t0k")).text());
        }
    }

    // ---------------------------------------------------------------- bodies

    @Test
    void jsonBodiesBecomeRecordsAndResponsesJson() {
        try (TestClient client = TestClient.of(itemsApp())) {
            TestClient.Result r = client.post("/items", Map.of("name", "lamp", "price", 12.5, "tags", List.of("x")));
            assertEquals(201, r.status());
            assertEquals("lamp", r.json().get("name").asText());
            assertEquals(12.5, r.json().get("price").asDouble());
            assertEquals(2, client.post("/orders", Map.of("customer", "c", "lines",
                    List.of(Map.of("sku", "a", "quantity", 1), Map.of("sku", "b", "quantity", "2")))).json().get("lines").asInt());
        }
    }

    @Test
    void invalidBodiesGet422WithTheirLocation() {
        try (TestClient client = TestClient.of(itemsApp())) {
            JsonNode detail = client.post("/items", Map.of("price", "cheap", "tags", "x")).json().get("detail");
            assertEquals(3, detail.size(), detail.toString());
            assertEquals("[\"body\",\"name\"]", detail.get(0).get("loc").toString());
            assertEquals("missing", detail.get(0).get("type").asText());
            assertEquals("float_parsing", detail.get(1).get("type").asText());
            assertEquals("list_type", detail.get(2).get("type").asText());

            TestClient.Result nestedResult = client.post("/orders", Map.of("customer", "c", "lines",
                    List.of(Map.of("sku", "a", "quantity", 1.5))));
            assertEquals(422, nestedResult.status(), nestedResult.text());
            JsonNode nested = nestedResult.json().get("detail").get(0);
            assertEquals("[\"body\",\"lines\",0,\"quantity\"]", nested.get("loc").toString());
            assertEquals("int_from_float", nested.get("type").asText());

            TestClient.Result broken = client.request("POST", "/items", "{\"name\":".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            assertEquals(422, broken.status());
            assertEquals("json_invalid", broken.json().get("detail").get(0).get("type").asText());

            TestClient.Result empty = client.request("POST", "/items", new byte[0], Map.of());
            assertEquals("missing", empty.json().get("detail").get(0).get("type").asText());
        }
    }

    // ---------------------------------------------------------------- responses and errors

    @Test
    void returnValuesAndExplicitResponses() {
        App app = app();
        app.get("/text", () -> "plain");
        app.get("/bytes", () -> new byte[] {1, 2, 3});
        app.get("/list", () -> List.of(1, 2));
        app.get("/custom", req -> Response.json(202, Map.of("ok", true)).header("X-Extra", "yes"));
        app.get("/empty", () -> null).status(204);
        app.include(new ItemsApi());
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result text = client.get("/text");
            assertEquals("text/plain; charset=utf-8", text.header("Content-Type"));
            assertEquals("plain", text.text());
            assertEquals("application/octet-stream", client.get("/bytes").header("Content-Type"));
            assertEquals("[1,2]", client.get("/list").text());
            TestClient.Result custom = client.get("/custom");
            assertEquals(202, custom.status());
            assertEquals("yes", custom.header("X-Extra"));
            assertEquals(204, client.get("/empty").status());
            assertEquals(204, client.delete("/items/3").status());
        }
    }

    /**
     * FastAPI's conventions: None is JSON null, a repeated query parameter bound to one value takes the last,
     * a path that differs from a route only by its trailing slash is redirected (307, query kept). A value that
     * cannot be encoded is a 500, even from a CompletionStage on the loop.
     */
    @Test
    void fastApiConventionsForNullRepeatsAndTrailingSlashes() {
        App app = app();
        app.get("/nothing", () -> null);
        app.get("/null-json", req -> Response.json(200, null));
        app.get("/unencodable", () -> CompletableFuture.completedFuture(new Object())).nonBlocking();
        app.get("/tags/", () -> "slash");
        app.include(new ItemsApi());
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result nothing = client.get("/nothing");
            assertEquals(200, nothing.status());
            assertEquals("application/json", nothing.header("Content-Type"));
            assertEquals("null", nothing.text());
            assertEquals("null", client.get("/null-json").text());
            TestClient.Result unencodable = client.get("/unencodable");
            assertEquals(500, unencodable.status());
            assertEquals("Internal Server Error", unencodable.json().get("detail").asText());
            assertEquals(5, client.get("/items?limit=1&limit=5").json().get("limit").asInt());
            TestClient.Result toWithout = client.get("/items/?limit=3");
            assertEquals(307, toWithout.status());
            assertEquals("/items?limit=3", toWithout.header("Location"));
            TestClient.Result toWith = client.get("/tags");
            assertEquals(307, toWith.status());
            assertEquals("/tags/", toWith.header("Location"));
            assertEquals(404, client.get("/nope/").status());
        }
    }

    @Test
    void notFoundMethodNotAllowedAndHttpException() {
        try (TestClient client = TestClient.of(itemsApp())) {
            TestClient.Result missing = client.get("/nope");
            assertEquals(404, missing.status());
            assertEquals("{\"detail\":\"Not Found\"}", missing.text());
            TestClient.Result wrongMethod = client.request("PUT", "/items", new byte[0], Map.of());
            assertEquals(405, wrongMethod.status());
            assertEquals("{\"detail\":\"Method Not Allowed\"}", wrongMethod.text());
            assertEquals("GET, POST, HEAD", wrongMethod.header("Allow"));
            TestClient.Result notThere = client.get("/items/404");
            assertEquals(404, notThere.status());
            assertEquals("{\"detail\":\"Item not found\"}", notThere.text());
            TestClient.Result head = client.request("HEAD", "/items/1", null, Map.of());
            assertEquals(200, head.status());
            assertEquals(0, head.body().length);
        }
    }

    static final class Boom extends RuntimeException {
        Boom() {
            super("boom");
        }
    }

    @Test
    void exceptionHandlersAndUnhandledExceptions() {
        App app = app();
        app.get("/boom", () -> {
            throw new Boom();
        });
        app.get("/crash", () -> {
            throw new IllegalStateException("bug");
        });
        app.exceptionHandler(Boom.class, (req, e) -> Response.json(418, Map.of("detail", "teapot: " + e.getMessage())));
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result boom = client.get("/boom");
            assertEquals(418, boom.status());
            assertEquals("teapot: boom", boom.json().get("detail").asText());
            TestClient.Result crash = client.get("/crash");
            assertEquals(500, crash.status());
            assertEquals("{\"detail\":\"Internal Server Error\"}", crash.text());
        }
    }

    // ---------------------------------------------------------------- threads

    @Test
    void nonBlockingRoutesRunOnTheLoopOthersOnVirtualThreads() throws Exception {
        try (TestClient client = TestClient.of(itemsApp())) {
            String loop = client.get("/thread/loop").text();
            assertTrue(loop.startsWith("fasterapi-") && loop.endsWith("|false"), loop);
            String blocking = client.get("/thread/blocking").text();
            assertTrue(blocking.startsWith("fasterapi-handler-") && blocking.endsWith("|true"), blocking);
            assertEquals("later", client.get("/later").json().get("when").asText());
        }
    }

    @Test
    void blockedHandlersDoNotStallTheLoop() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        App app = app();
        app.get("/slow", () -> {
            release.await(); // blocks its virtual thread until the test says so
            return "slow";
        });
        app.get("/fast", () -> "fast").nonBlocking();
        try (TestClient client = TestClient.of(app)) {
            List<CompletableFuture<String>> slow = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> client.get("/slow").text()));
            }
            // With 50 handlers blocked, the one loop still answers.
            assertEquals("fast", client.get("/fast").text());
            assertTrue(slow.stream().noneMatch(CompletableFuture::isDone), "the slow ones are still blocked");
            release.countDown();
            for (CompletableFuture<String> f : slow) {
                assertEquals("slow", f.get(10, TimeUnit.SECONDS));
            }
        }
    }

    // ---------------------------------------------------------------- dependencies

    static final class Db {
        final int id;
        boolean closed;

        Db(int id) {
            this.id = id;
        }
    }

    record User(String name, Db db) {}

    public static final class DepsApi {
        @Get("/me")
        public Map<String, Object> me(User user, @Depends Db db) {
            return Map.of("user", user.name(), "sameDb", user.db() == db, "db", db.id);
        }

        @Get("/fail")
        public String fail(Db db) {
            throw new IllegalStateException("handler failed");
        }
    }

    @Test
    void dependenciesAreNestedCachedPerRequestAndCleanedUpAfterTheResponse() {
        AtomicInteger made = new AtomicInteger();
        List<String> cleanups = new CopyOnWriteArrayList<>();
        App app = app();
        app.dependency(Db.class, ctx -> new Db(made.incrementAndGet()), (db, failure) -> {
            db.closed = true;
            cleanups.add("db " + db.id + (failure == null ? "" : " after " + failure.getMessage()));
        });
        app.dependency(User.class, ctx -> {
            String token = ctx.request().header("X-User");
            if (token == null) {
                throw new HttpException(401, "Not authenticated");
            }
            return new User(token, ctx.get(Db.class));
        });
        app.include(new DepsApi());
        try (TestClient client = TestClient.of(app)) {
            JsonNode me = client.get("/me", Map.of("X-User", "ada")).json();
            assertEquals("ada", me.get("user").asText());
            assertTrue(me.get("sameDb").asBoolean(), "one Db per request, shared by User and the handler");
            assertEquals(1, made.get());
            assertEquals(401, client.get("/me").status()); // User failed before anything asked for a Db
            client.get("/me", Map.of("X-User", "bob"));
            assertEquals(2, made.get());
            assertEquals(500, client.get("/fail").status());
            waitFor(() -> cleanups.size() == 3);
            assertEquals(List.of("db 1", "db 2", "db 3 after handler failed"), cleanups);
        }
    }

    @Test
    void singletonsStartBeforeServingAndStopAfter() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        App app = app();
        app.onStartup(() -> events.add("startup"));
        app.onShutdown(() -> events.add("shutdown"));
        app.singleton(Db.class, ctx -> {
            events.add("db made");
            return new Db(7);
        }, (db, failure) -> events.add("db closed"));
        app.get("/db", req -> "db " + System.identityHashCode(req));
        app.include(new Object() {
            @Get("/id")
            public int id(Db db) {
                return db.id;
            }
        });
        TestClient client = TestClient.of(app);
        assertEquals(List.of("startup", "db made"), events);
        assertEquals("7", client.get("/id").text());
        assertEquals("7", client.get("/id").text());
        client.close();
        assertEquals(List.of("startup", "db made", "shutdown", "db closed"), events);
    }

    @Test
    void registrationErrorsNameTheMethod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app().include(new Object() {
            @Get("/x/{id}")
            public String x(@Path("other") long other) {
                return "";
            }
        }));
        assertTrue(e.getMessage().contains("@Path other is not in the template"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> app().include(new Object() {
            @Get("/y")
            public String y(@Depends Db db) {
                return "";
            }
        }));
        assertTrue(e.getMessage().contains("no provider registered"), e.getMessage());
        App app = app();
        app.get("/z", () -> "");
        e = assertThrows(IllegalArgumentException.class, () -> app.get("/z", () -> ""));
        assertTrue(e.getMessage().contains("already defined"));
    }

    // ---------------------------------------------------------------- middleware

    @Test
    void middlewareRunsAroundEveryRequestIncluding404() {
        List<String> log = new CopyOnWriteArrayList<>();
        App app = app();
        app.middleware(new Middleware() {
            @Override
            public Response before(Request request) {
                request.attribute("start", System.nanoTime());
                return "/blocked".equals(request.path()) ? Response.json(403, Map.of("detail", "Forbidden")) : null;
            }

            @Override
            public void after(Request request, Response response) {
                response.header("X-Seen", "1");
                log.add(request.method() + " " + request.path() + " " + response.status());
            }
        });
        app.get("/hi", () -> "hi").nonBlocking();
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result hi = client.get("/hi");
            assertEquals("1", hi.header("X-Seen"));
            assertEquals("hi", hi.text());
            assertEquals("1", client.get("/missing").header("X-Seen"));
            assertEquals(403, client.get("/blocked").status());
            assertEquals(List.of("GET /hi 200", "GET /missing 404", "GET /blocked 403"), log);
        }
    }

    @Test
    void corsAnswersPreflightAndDecoratesResponses() {
        App app = app();
        app.middleware(Cors.allowOrigins("https://app.example"));
        app.get("/data", () -> Map.of("x", 1));
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result preflight = client.request("OPTIONS", "/data", null, Map.of(
                    "Origin", "https://app.example", "Access-Control-Request-Method", "GET"));
            assertEquals(204, preflight.status());
            assertEquals("https://app.example", preflight.header("Access-Control-Allow-Origin"));
            TestClient.Result data = client.get("/data", Map.of("Origin", "https://app.example"));
            assertEquals("https://app.example", data.header("Access-Control-Allow-Origin"));
            assertNull(client.get("/data", Map.of("Origin", "https://evil.example")).header("Access-Control-Allow-Origin"));
        }
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void gracefulShutdownFinishesInFlightRequests() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        App app = app();
        app.get("/work", () -> {
            started.countDown();
            Thread.sleep(300);
            return "done";
        });
        TestClient client = TestClient.of(app);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> client.get("/work").text());
        assertTrue(started.await(10, TimeUnit.SECONDS), "the request reached its handler");
        client.server().shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertEquals("done", inFlight.get(5, TimeUnit.SECONDS));
        client.close();
    }

    @Test
    void requestObjectsAreNotShared() {
        App app = app();
        List<Request> seen = new CopyOnWriteArrayList<>();
        app.get("/r", req -> {
            seen.add(req);
            return req.path();
        });
        try (TestClient client = TestClient.of(app)) {
            client.get("/r");
            client.get("/r");
        }
        assertNotSame(seen.get(0), seen.get(1));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(condition.getAsBoolean(), "condition not met in time");
    }

    public static final class CycleA {}

    public static final class CycleB {}

    @Test
    void singletonCyclesAreReportedAndTheAppCanStartOnceFixed() {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1"));
        app.singleton(CycleA.class, ctx -> {
            ctx.get(CycleB.class);
            return new CycleA();
        }, null);
        app.singleton(CycleB.class, ctx -> {
            ctx.get(CycleA.class);
            return new CycleB();
        }, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> app.start(0));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> app.start(0));
        assertTrue(again.getMessage().contains("cycle"), "refused for the cycle again, not as already running: "
                + again.getMessage());
    }
    /** A second app on a port that is taken fails to start with "address in use"; the start-up URL names what is bound. */
    @Test
    void aSecondAppOnTheSamePortFailsAndTheBoundAddressIsReported() throws Exception {
        App first = App.create(AppConfig.defaults().withHost("0.0.0.0"));
        first.get("/", () -> "first").nonBlocking();
        AppServer server = first.start(0);
        try {
            assertEquals("http://0.0.0.0:" + server.port(), server.boundUrl());
            assertEquals("http://127.0.0.1:" + server.port(), server.baseUrl());
            App second = App.create(AppConfig.defaults().withHost("0.0.0.0"));
            second.get("/", () -> "second").nonBlocking();
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> second.start(server.port()));
            assertTrue(e.getMessage().contains("address in use"), e.getMessage());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 4; i++) {
                assertEquals("first", http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(server.baseUrl() + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            }
        } finally {
            server.shutdown(Duration.ofSeconds(5)).join();
        }
    }
}
