package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure paths of the connection and the pool against a real server: each case once hung, leaked a
 * connection, lost data or killed a shared connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgRobustnessTest {

    private static PgPool pool(EventLoopGroup group, PgPoolOptions options) {
        return PgPool.create(group, PgCluster.options(PgEmbeddedCluster.TRUST_USER), options);
    }

    /** A retry after DDL (0A000) must not run inside the transaction of whoever leases the connection next. */
    @Test
    void revalidationRetryIsNotCaughtInTheNextLeasesTransaction() {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1))) {
            pool.queryAsync("DROP TABLE IF EXISTS retry_lease").join();
            pool.queryAsync("CREATE TABLE retry_lease (a int)").join();
            String insert = "INSERT INTO retry_lease VALUES ($1) RETURNING *";
            pool.queryAsync(insert, 1).join(); // prepared and cached
            pool.queryAsync("ALTER TABLE retry_lease ADD COLUMN b int").join(); // the cached plan's result type changes
            PgClient client = pool.on(group.loop(0));
            CompletableFuture<PgResult> inserted = CompletableFuture.supplyAsync(() -> {
                CompletableFuture<PgResult> f = client.queryAsync(insert, 2); // fails with 0A000, retried
                client.withConnectionAsync(c -> c.simpleQuery("BEGIN")
                        .thenCompose(x -> c.simpleQuery("SELECT 1"))
                        .thenCompose(x -> c.simpleQuery("ROLLBACK")));
                return f;
            }, group.loop(0)).join();
            assertEquals("INSERT 0 1", inserted.join().command());
            assertEquals(2L, pool.queryAsync("SELECT count(*) FROM retry_lease").join().one().getLong(0),
                    "the retried INSERT was committed, not rolled back with someone else's transaction");
        }
    }

    @Test
    void aRefusedStreamDoesNotHoldTheConnection() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            String sql = "SELECT g FROM generate_series(1, $1::int) g";
            assertEquals(3L, c.stream(sql, 2, new Object[] {3}, (rows, last) -> null).join());
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.stream(sql, 2, new Object[] {3, 4}, (rows, last) -> null).join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals(7, c.query("SELECT 7").orTimeout(10, TimeUnit.SECONDS).join().one().getInt(0));
        }
    }

    @Test
    void closingARowStreamBeforeItsFirstBatchEndsIt() throws Exception {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            for (int rows : new int[] {10, 100_000}) {
                CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                    try (PgRowStream stream = c.stream("SELECT g FROM generate_series(1, $1::int) g", 100, rows)) {
                        // closed without reading
                    }
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                closed.get(20, TimeUnit.SECONDS);
                assertEquals(8, c.query("SELECT 8").orTimeout(10, TimeUnit.SECONDS).join().one().getInt(0));
            }
        }
    }

    /** COPY IN waits for room only while the connection is above its high water mark, whatever that is. */
    @Test
    void copyInWithAHighWaterMarkAboveTheCopyWindow() {
        EngineConfig big = EngineConfig.builder().eventLoops(1).writeHighWaterMarkBytes(8 << 20)
                .writeLowWaterMarkBytes(4 << 20).build();
        try (EventLoopGroup group = EventLoopGroup.create(big);
             PgConnection c = PgConnection.connect(group.next(), PgCluster.options(PgEmbeddedCluster.TRUST_USER)).join()) {
            c.query("CREATE TEMP TABLE copy_hwm (a int, b text)").join();
            int rows = 2_000_000; // ~110 MB: the server falls behind, output piles up past the 1 MiB copy window
            InputStream data = new InputStream() {
                private int row;
                private byte[] line = new byte[0];
                private int at;

                @Override
                public int read() {
                    if (at == line.length) {
                        if (row == rows) {
                            return -1;
                        }
                        line = (row++ + ",some text to make the row longer than a few bytes\n").getBytes(StandardCharsets.US_ASCII);
                        at = 0;
                    }
                    return line[at++];
                }
            };
            long copied = c.copyIn("COPY copy_hwm FROM STDIN (FORMAT csv)", data).orTimeout(60, TimeUnit.SECONDS).join();
            assertEquals(rows, copied);
        }
    }

    @Test
    void blockingTransactionOnALoopIsRefusedWithoutLeakingAConnection() {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1).withAcquireTimeoutMillis(3_000))) {
            PgClient client = pool.on(group.loop(0));
            Throwable refused = CompletableFuture.supplyAsync(() -> {
                try {
                    client.inTransaction(tx -> tx.query("SELECT 1"));
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }, group.loop(0)).join();
            assertInstanceOf(IllegalStateException.class, refused);
            PgConnection c = pool.acquireAsync().orTimeout(10, TimeUnit.SECONDS).join();
            pool.release(c);
        }
    }

    /** Under steady pipelined load on a one-connection pool, a lease still gets its turn. */
    @Test
    void leasesAreNotStarvedBySteadyPipelining() {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1).withAcquireTimeoutMillis(20_000))) {
            PgClient client = pool.on(group.loop(0));
            AtomicBoolean running = new AtomicBoolean(true);
            Runnable[] loop = new Runnable[1];
            loop[0] = () -> client.queryAsync("SELECT 1").whenComplete((r, e) -> {
                if (running.get()) {
                    loop[0].run();
                }
            });
            group.loop(0).execute(() -> {
                for (int i = 0; i < 4; i++) {
                    loop[0].run();
                }
            });
            try {
                PgConnection c = pool.acquireAsync().orTimeout(10, TimeUnit.SECONDS).join();
                assertEquals(1, c.query("SELECT 1").join().one().getInt(0));
                pool.release(c);
            } finally {
                running.set(false);
            }
        }
    }

    @Test
    void copyThroughQueryIsRefusedAndPipelinedNeighboursGoOn() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.query("CREATE TEMP TABLE copy_q (a int)").join();
            CompletableFuture<PgResult> before = c.query("SELECT 1");
            CompletableFuture<PgResult> copy = c.query("COPY copy_q TO STDOUT");
            CompletableFuture<List<PgResult>> copyIn = c.simpleQuery("/* load */ copy copy_q FROM stdin");
            CompletableFuture<PgResult> after = c.query("SELECT 2");
            assertInstanceOf(IllegalArgumentException.class, assertThrows(CompletionException.class, copy::join).getCause());
            assertInstanceOf(IllegalArgumentException.class, assertThrows(CompletionException.class, copyIn::join).getCause());
            assertEquals(1, before.join().one().getInt(0));
            assertEquals(2, after.join().one().getInt(0));
            // A COPY to a server-side file is an ordinary command, not refused here (the server refuses it: no rights).
            assertTrue(PgSqlChecks.isClientCopy("COPY t FROM STDIN"));
            assertTrue(!PgSqlChecks.isClientCopy("COPY t TO '/tmp/file.csv'"));
            assertTrue(!PgSqlChecks.isClientCopy("SELECT 'copy from stdin'"));
        }
    }

    /** The pool's health checks do not count as use: idle connections still close after idleTimeoutMillis. */
    @Test
    void healthChecksDoNotKeepIdleConnectionsOpen() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withIdleTimeoutMillis(2_500).withHealthCheckIdleMillis(500))) {
            pool.queryAsync("SELECT 1").join();
            assertEquals(1, pool.size());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, pool.size(), "closed after the idle timeout despite health checks");
        }
    }

    /** A statement pushed out of the cache by a command that is then refused is still closed on the server. */
    @Test
    void evictionByARefusedCommandStillClosesTheEvictedStatement() {
        PgConnectOptions options = PgCluster.options(PgEmbeddedCluster.TRUST_USER).withStatementCacheSize(1);
        try (PgConnection c = PgConnection.connect(PgCluster.group().next(), options).join()) {
            assertEquals(1, c.query("SELECT 1 AS a").join().one().getInt(0));
            CompletionException e = assertThrows(CompletionException.class, () -> c.query("SELECT 'x\u0000'").join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals(1L, c.query("SELECT count(*) FROM pg_prepared_statements").join().one().getLong(0),
                    "only the statement running now is prepared");
        }
    }

    /** A lease that times out gives the connection kept back for it to pipelined work again. */
    @Test
    void aTimedOutLeaseReleasesTheConnectionKeptForIt() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1).withAcquireTimeoutMillis(1_000))) {
            CompletableFuture<PgResult> slow = pool.queryAsync("SELECT pg_sleep(2)");
            Thread.sleep(100);
            CompletableFuture<PgConnection> lease = pool.acquireAsync();
            Thread.sleep(500);
            CompletableFuture<PgResult> queued = pool.queryAsync("SELECT 2");
            assertThrows(CompletionException.class, lease::join, "the lease waits longer than acquireTimeoutMillis");
            assertEquals(2, queued.get(10, TimeUnit.SECONDS).one().getInt(0));
            slow.join();
        }
    }

    /** Closing a pool whose loop has already stopped fails what still waits on it, rather than leaving it hanging. */
    @Test
    void closingAPoolAfterItsLoopStoppedFailsItsWaiters() throws Exception {
        EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
        PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1).withAcquireTimeoutMillis(60_000));
        pool.acquireAsync().join(); // the only connection, leased
        CompletableFuture<PgConnection> waiting = pool.acquireAsync();
        group.shutdownGracefully(java.time.Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
        assertTrue(!waiting.isDone(), "still waiting: its timer died with the loop");
        pool.close();
        CompletionException e = assertThrows(CompletionException.class, () -> waiting.orTimeout(2, TimeUnit.SECONDS).join());
        assertInstanceOf(PgConnectionClosedException.class, e.getCause());
    }
}
