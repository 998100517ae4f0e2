package io.fasterapi.api;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.pg.client.PgClient;
import io.fasterapi.pg.client.PgConnectOptions;
import io.fasterapi.pg.client.PgPoolOptions;
import io.fasterapi.pg.client.PgTransaction;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL dependencies of the API against a real server: per-request client, transactions, async routes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresTest {
    static PgEmbeddedCluster cluster;

    public record Note(long id, String text) {}

    public record NoteIn(String text) {}

    public static final class NotesApi {
        @Post(value = "/notes", status = 201)
        public Note create(@Body NoteIn in, PgTransaction tx) {
            Note note = tx.query("INSERT INTO notes (text) VALUES ($1) RETURNING id, text", in.text()).one().as(Note.class);
            if (in.text().equals("explode")) {
                throw new HttpException(400, "refused after the insert: rolled back");
            }
            return note;
        }

        @Get("/notes/{id}")
        public Note get(@Path long id, PgClient db) {
            return db.query("SELECT id, text FROM notes WHERE id = $1", id).oneAs(Note.class)
                    .orElseThrow(() -> new HttpException(404, "Note not found"));
        }

        @Get("/notes/count")
        @NonBlocking
        public CompletableFuture<Map<String, Long>> count(PgClient db) {
            return db.queryAsync("SELECT count(*) FROM notes").thenApply(r -> Map.of("count", r.one().getLong(0)));
        }
    }


    public static final class EdgeApi {
        /** The insert succeeds, then the response cannot be made (a header with a line break). */
        @Post("/edge/bad-header")
        public Response badHeader(@Body NoteIn in, PgTransaction tx) {
            tx.query("INSERT INTO edge_notes (text) VALUES ($1)", in.text());
            return Response.ok(Map.of("ok", true)).header("X-Note", "line\r\nbreak");
        }

        /** A transaction between two statements when the server is asked to stop. */
        @Post("/edge/slow")
        public Map<String, Object> slow(@Body NoteIn in, PgTransaction tx) throws InterruptedException {
            tx.query("INSERT INTO edge_notes (text) VALUES ($1)", in.text() + "-1");
            Thread.sleep(700);
            tx.query("INSERT INTO edge_notes (text) VALUES ($1)", in.text() + "-2");
            return Map.of("ok", true);
        }
    }

    public static final class TwoQueriesApi {
        /** Two queries with a pause between them, no transaction: the pool's connection is idle in between. */
        @Get("/edge/two")
        public Map<String, Object> two(PgClient db) throws InterruptedException {
            long a = db.query("SELECT 1").one().getInt(0);
            Thread.sleep(700);
            long b = db.query("SELECT 2").one().getInt(0);
            return Map.of("sum", a + b);
        }
    }

    public static final class AsyncTransactionApi {
        @Post("/edge/async")
        public CompletableFuture<String> async(PgTransaction tx) {
            return CompletableFuture.completedFuture("never");
        }
    }

    private static App app() {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withEngine(EngineConfig.builder().eventLoops(1).build()));
        Postgres.install(app, PgConnectOptions.parse(cluster.url(PgEmbeddedCluster.SCRAM_USER)),
                PgPoolOptions.defaults().withMaxSizePerLoop(2));
        return app;
    }

    private static long count(String text) {
        return Long.parseLong(cluster.psql("SELECT count(*) FROM edge_notes WHERE text LIKE '" + text + "%'").trim());
    }

    @Test
    void aResponseThatCannotBeMadeRollsTheTransactionBack() {
        App app = app();
        app.include(new EdgeApi());
        try (TestClient client = TestClient.of(app)) {
            assertEquals(500, client.post("/edge/bad-header", Map.of("text", "unsent")).status());
            assertEquals(0, count("unsent"), "no COMMIT under a 500");
        }
    }

    @Test
    void aTransactionInFlightFinishesDuringGracefulShutdown() throws Exception {
        App app = app();
        app.include(new EdgeApi());
        TestClient client = TestClient.of(app);
        try {
            CompletableFuture<TestClient.Result> request = CompletableFuture.supplyAsync(
                    () -> client.post("/edge/slow", Map.of("text", "draining")));
            Thread.sleep(300); // the first INSERT is done, the handler sleeps inside its transaction
            CompletableFuture<Void> stopped = client.server().shutdown(java.time.Duration.ofSeconds(10));
            assertEquals(200, request.get(10, TimeUnit.SECONDS).status());
            stopped.get(15, TimeUnit.SECONDS);
            assertEquals(2, count("draining"), "both statements committed");
        } finally {
            client.close();
        }
    }

    @Test
    void aRequestInFlightCanStillQueryAfterShutdownBegins() throws Exception {
        App app = app();
        app.include(new TwoQueriesApi());
        TestClient client = TestClient.of(app);
        try {
            CompletableFuture<TestClient.Result> request = CompletableFuture.supplyAsync(() -> client.get("/edge/two"));
            Thread.sleep(300); // first query done; the connection is idle while the handler sleeps
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopped = client.server().shutdown(java.time.Duration.ofSeconds(10));
            TestClient.Result result = request.get(10, TimeUnit.SECONDS);
            assertEquals(200, result.status(), result.text());
            assertEquals(3, result.json().get("sum").asInt());
            stopped.get(15, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8),
                    "stopped before the 10 s deadline: the pool's idle connections close after the last request");
        } finally {
            client.close();
        }
    }

    @Test
    void aTransactionOnARouteThatRunsOnTheLoopIsRefusedAtStart() {
        App app = app();
        app.include(new AsyncTransactionApi());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> app.start(0));
        assertTrue(e.getMessage().contains("PgTransaction"), e.getMessage());
    }

    @BeforeAll
    static void start() {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        cluster = PgEmbeddedCluster.start();
        cluster.psql("CREATE TABLE notes (id bigserial PRIMARY KEY, text text NOT NULL)");
        cluster.psql("CREATE TABLE edge_notes (id bigserial PRIMARY KEY, text text NOT NULL)");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void routesUseThePoolAndTransactions() {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withEngine(EngineConfig.builder().eventLoops(2).build()));
        Postgres.install(app, PgConnectOptions.parse(cluster.url(PgEmbeddedCluster.SCRAM_USER)),
                PgPoolOptions.defaults().withMaxSizePerLoop(2));
        app.include(new NotesApi());
        try (TestClient client = TestClient.of(app)) {
            TestClient.Result created = client.post("/notes", Map.of("text", "hello"));
            assertEquals(201, created.status(), created.text());
            long id = created.json().get("id").asLong();
            assertEquals("hello", client.get("/notes/" + id).json().get("text").asText());
            assertEquals(404, client.get("/notes/999999").status());
            TestClient.Result refused = client.post("/notes", Map.of("text", "explode"));
            assertEquals(400, refused.status());
            assertEquals(1, client.get("/notes/count").json().get("count").asLong(), "the refused insert rolled back");
            assertEquals("1", cluster.psql("SELECT count(*) FROM notes"));
            // Many concurrent requests share the per-loop pool.
            List<CompletableFuture<TestClient.Result>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> client.post("/notes", Map.of("text", "n" + n))));
            }
            for (CompletableFuture<TestClient.Result> f : all) {
                assertEquals(201, f.join().status());
            }
            assertEquals(51, client.get("/notes/count").json().get("count").asLong());
            int backends = Integer.parseInt(cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'fa_scram'"));
            assertTrue(backends >= 1 && backends <= 4, "2 loops x maxSizePerLoop 2: " + backends);
        }
    }
}
