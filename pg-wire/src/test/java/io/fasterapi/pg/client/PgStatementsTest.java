package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prepared-statement cache, PgBouncer-safe mode, batches, very large binds and rows, a killed backend. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgStatementsTest {

    @Test
    void cachedPlanInvalidatedByDdlIsPreparedAgainOutsideTransactions() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.simpleQuery("DROP TABLE IF EXISTS ddl_t; CREATE TABLE ddl_t (a int); INSERT INTO ddl_t VALUES (1)").join();
            assertEquals(1, c.query("SELECT * FROM ddl_t").join().one().getInt(0));
            // The result type of the cached statement changes: the server answers 0A000 from RevalidateCachedQuery.
            c.simpleQuery("ALTER TABLE ddl_t ADD COLUMN b text DEFAULT 'x'").join();
            PgRow row = c.query("SELECT * FROM ddl_t").join().one();
            assertEquals(2, row.size());
            assertEquals("x", row.getString("b"));
            // Inside a transaction the retry is not safe: the error reaches the caller, the next use re-prepares.
            c.simpleQuery("ALTER TABLE ddl_t ADD COLUMN c int DEFAULT 7").join();
            c.simpleQuery("BEGIN").join();
            CompletionException e = assertThrows(CompletionException.class, () -> c.query("SELECT * FROM ddl_t").join());
            assertEquals("0A000", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            c.simpleQuery("ROLLBACK").join();
            assertEquals(7, c.query("SELECT * FROM ddl_t").join().one().getInt("c"));
        }
    }

    @Test
    void statementCacheEvictsTheLeastRecentlyUsed() {
        PgConnectOptions options = PgCluster.options(PgEmbeddedCluster.TRUST_USER).withStatementCacheSize(3);
        try (PgConnection c = PgConnection.connect(PgCluster.group().next(), options).join()) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(i, c.query("SELECT " + i + " + $1::int", 0).join().one().getInt(0));
                }
            }
            long prepared = c.query("SELECT count(*) FROM pg_prepared_statements").join().one().getLong(0);
            assertTrue(prepared <= 4, "at most the cache size (plus this query) stays prepared: " + prepared);
        }
    }

    @Test
    void pgBouncerSafeModeUsesUnnamedStatementsInOneRoundTrip() {
        PgConnectOptions options = PgCluster.options(PgEmbeddedCluster.TRUST_USER).withStatementCacheSize(0);
        try (PgConnection c = PgConnection.connect(PgCluster.group().next(), options).join()) {
            PgRow row = c.query("SELECT $1::int8 + 1 AS n, $2 AS s, $3::uuid AS u, $4::date AS d", 41L, "text",
                    java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                    java.time.LocalDate.of(2024, 1, 1)).join().one();
            assertEquals(42, row.getLong("n"));
            assertEquals("text", row.getString("s"));
            assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", row.getUUID("u").toString());
            assertEquals(java.time.LocalDate.of(2024, 1, 1), row.getLocalDate("d"));
            assertEquals(0, c.query("SELECT count(*) FROM pg_prepared_statements").join().one().getLong(0));
            long[] affected = c.batch("SELECT $1::int", List.of(new Object[] {1}, new Object[] {2})).join();
            assertEquals(2, affected.length);
        }
    }

    @Test
    void batchInsertsManyRowsInOneRoundTripAtomically() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.simpleQuery("DROP TABLE IF EXISTS batch_t; CREATE TABLE batch_t (id int PRIMARY KEY, name text)").join();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(new Object[] {i, "row " + i});
            }
            long[] affected = c.batch("INSERT INTO batch_t VALUES ($1, $2)", rows).join();
            assertEquals(1000, affected.length);
            assertEquals(1, affected[999]);
            assertEquals(1000, c.query("SELECT count(*) FROM batch_t").join().one().getLong(0));
            // A duplicate in the middle: the whole batch rolls back (one implicit transaction).
            List<Object[]> clash = List.of(new Object[] {5000, "a"}, new Object[] {5, "dup"}, new Object[] {5001, "b"});
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.batch("INSERT INTO batch_t VALUES ($1, $2)", clash).join());
            assertEquals("23505", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            assertEquals(1000, c.query("SELECT count(*) FROM batch_t").join().one().getLong(0));
        }
    }

    @Test
    void bindOf65535Parameters() {
        StringBuilder sql = new StringBuilder("SELECT sum(x) FROM unnest(ARRAY[");
        Object[] params = new Object[65535];
        for (int i = 0; i < params.length; i++) {
            sql.append(i == 0 ? "" : ",").append('$').append(i + 1).append("::int8");
            params[i] = 1L;
        }
        sql.append("]) x");
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            assertEquals(65535, c.query(sql.toString(), params).join().one().getBigDecimal(0).longValueExact());
            // One more is more than the protocol's Int16 count can carry: refused before anything is sent.
            Object[] tooMany = java.util.Arrays.copyOf(params, 65536);
            CompletionException e = assertThrows(CompletionException.class, () -> c.query("SELECT 1", tooMany).join());
            assertTrue(e.getCause().getMessage().contains("65535"), e.getCause().getMessage());
            assertEquals(1, c.query("SELECT 1").join().one().getInt(0));
        }
    }

    @Test
    void rowsLargerThanTheReadBuffers() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            PgResult result = c.query("SELECT repeat('x', 1000000) AS big, g FROM generate_series(1, 3) g").join();
            assertEquals(3, result.size());
            for (PgRow row : result.rows()) {
                assertEquals(1_000_000, row.getString("big").length());
            }
            byte[] blob = new byte[3 * 1024 * 1024];
            new java.util.Random(1).nextBytes(blob);
            byte[] back = c.query("SELECT $1::bytea", (Object) blob).join().one().getBytes(0);
            assertTrue(java.util.Arrays.equals(blob, back));
        }
    }

    @Test
    void aBackendTerminatedMidQueryFailsItsCommandsAndTheConnectionCloses() throws Exception {
        try (PgConnection victim = PgCluster.connect(PgEmbeddedCluster.TRUST_USER);
             PgConnection admin = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            CompletableFuture<PgResult> sleeping = victim.query("SELECT pg_sleep(30)");
            CompletableFuture<PgResult> queued = victim.query("SELECT 1");
            Thread.sleep(200);
            assertTrue(admin.query("SELECT pg_terminate_backend($1)", victim.processId()).join().one().getBoolean(0));
            CompletionException e = assertThrows(CompletionException.class, sleeping::join);
            assertTrue(e.getCause() instanceof PgException || e.getCause() instanceof PgConnectionClosedException,
                    e.getCause().toString());
            assertThrows(CompletionException.class, queued::join);
            CompletionException after = assertThrows(CompletionException.class, () -> victim.query("SELECT 1").join());
            assertInstanceOf(PgConnectionClosedException.class, after.getCause());
            assertTrue(!victim.isOpen());
        }
    }
}
