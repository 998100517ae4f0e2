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

    @BeforeAll
    static void start() {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        cluster = PgEmbeddedCluster.start();
        cluster.psql("CREATE TABLE notes (id bigserial PRIMARY KEY, text text NOT NULL)");
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
