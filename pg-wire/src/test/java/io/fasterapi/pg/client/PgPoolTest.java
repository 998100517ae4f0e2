package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-loop pool: sharding, pipelining, leases, exhaustion, leaks, transactions, replacement, idle timeout. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgPoolTest {

    private static PgPool pool(EventLoopGroup group, PgPoolOptions options) {
        return PgPool.create(group, PgCluster.options(PgEmbeddedCluster.TRUST_USER), options);
    }

    @Test
    void queriesFromLoopsStayOnTheirLoopAndVirtualThreadsMayWait() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(2).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(2))) {
            Set<String> completionThreads = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<PgResult>> all = new CopyOnWriteArrayList<>();
            for (int l = 0; l < group.size(); l++) {
                EventLoop loop = group.loop(l);
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 300; i++) {
                        CompletableFuture<PgResult> f = pool.queryAsync("SELECT $1::int", i);
                        f.thenRun(() -> completionThreads.add(Thread.currentThread().getName() + "@" + loop.index()));
                        all.add(f);
                    }
                }, loop).join();
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertEquals(600, all.size());
            for (String t : completionThreads) {
                String[] parts = t.split("@");
                assertTrue(parts[0].endsWith("-" + parts[1]), "completed on the loop that asked: " + t);
            }
            assertTrue(pool.size() <= 4, "at most maxSizePerLoop per loop: " + pool.size());
            // From a virtual thread, blocking is fine.
            onVirtualThread(() -> assertEquals(7, pool.query("SELECT 7").one().getInt(0)));
            // On a loop, it is refused.
            CompletableFuture<Throwable> onLoop = CompletableFuture.supplyAsync(() -> {
                try {
                    pool.query("SELECT 1");
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }, group.loop(0));
            assertInstanceOf(IllegalStateException.class, onLoop.join());
        }
    }

    /**
     * Queries pipeline on the open connections up to pipeliningLimit each, taken in turn; another connection
     * opens only when all are full; beyond maxSizePerLoop callers wait for room.
     */
    @Test
    void pipelinedQueriesFillConnectionsInTurnAndOpenMoreOnlyWhenFull() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(3).withPipeliningLimit(4))) {
            PgClient client = pool.on(group.loop(0));
            // Four in flight fit on one connection.
            List<CompletableFuture<PgResult>> four = CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<PgResult>> fs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fs.add(client.queryAsync("SELECT pg_backend_pid(), pg_sleep(0.05)"));
                }
                return fs;
            }, group.loop(0)).join();
            Set<Integer> backends = new HashSet<>();
            four.forEach(f -> backends.add(f.join().one().getInt(0)));
            assertEquals(1, backends.size(), "one connection holds up to pipeliningLimit queries");
            assertEquals(1, pool.size());
            // Twenty: three connections (the most), four in flight on each at most, the rest wait for room.
            List<CompletableFuture<PgResult>> twenty = new ArrayList<>();
            for (int round = 0; round < 3; round++) { // connections open as earlier ones fill
                twenty = CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<PgResult>> fs = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        fs.add(client.queryAsync("SELECT pg_backend_pid(), pg_sleep(0.05)"));
                    }
                    return fs;
                }, group.loop(0)).join();
                CompletableFuture.allOf(twenty.toArray(CompletableFuture[]::new)).join();
            }
            Map<Integer, Integer> perBackend = new HashMap<>();
            twenty.forEach(f -> perBackend.merge(f.join().one().getInt(0), 1, Integer::sum));
            assertEquals(3, pool.size(), "maxSizePerLoop");
            assertEquals(3, perBackend.size(), "all connections used: " + perBackend);
            for (int n : perBackend.values()) {
                assertTrue(n >= 4, "spread in turn, not piled on one: " + perBackend);
            }
        }
    }

    @Test
    void exhaustionTimesOutAndLeaksAreReportedWithTheirStack() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(PgPool.class.getName());
        logger.addHandler(capture);
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(1)
                     .withAcquireTimeoutMillis(300).withLeakDetectionThresholdMillis(200))) {
            PgConnection held = pool.acquireAsync().join();
            long start = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> pool.acquireAsync().join());
            assertTrue(e.getCause().getMessage().contains("acquireTimeoutMillis"), e.getCause().getMessage());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250));
            Thread.sleep(1500);
            LogRecord leak = records.stream().filter(r -> r.getMessage().contains("leakDetectionThresholdMillis"))
                    .findFirst().orElseThrow(() -> new AssertionError("no leak report in " + records));
            boolean fromHere = false;
            for (StackTraceElement frame : leak.getThrown().getStackTrace()) {
                fromHere |= frame.getMethodName().equals("exhaustionTimesOutAndLeaksAreReportedWithTheirStack");
            }
            assertTrue(fromHere, "the report carries the stack where the connection was taken");
            pool.release(held);
            assertEquals(1, pool.acquireAsync().thenApply(c -> {
                pool.release(c);
                return 1;
            }).join());
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void transactionsCommitRollBackUseSavepointsAndIsolation() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults())) {
            onVirtualThread(() -> {
                pool.query("DROP TABLE IF EXISTS tx_t");
                pool.query("CREATE TABLE tx_t (id int PRIMARY KEY)");
                pool.inTransaction(tx -> {
                    tx.query("INSERT INTO tx_t VALUES (1)");
                    tx.savepoint("before_two");
                    tx.query("INSERT INTO tx_t VALUES (2)");
                    tx.rollbackTo("before_two");
                    tx.query("INSERT INTO tx_t VALUES (3)");
                    return null;
                });
                assertEquals(List.of(1, 3), ids(pool));
                IllegalStateException boom = assertThrows(IllegalStateException.class, () -> pool.inTransaction(tx -> {
                    tx.query("INSERT INTO tx_t VALUES (4)");
                    throw new IllegalStateException("boom");
                }));
                assertEquals("boom", boom.getMessage());
                assertEquals(List.of(1, 3), ids(pool), "rolled back");
                // A swallowed error inside: COMMIT rolls back, and the caller hears of it.
                assertThrows(IllegalStateException.class, () -> pool.inTransaction(tx -> {
                    tx.query("INSERT INTO tx_t VALUES (5)");
                    assertThrows(PgException.class, () -> tx.query("INSERT INTO tx_t VALUES (1)"));
                    return null;
                }));
                assertEquals(List.of(1, 3), ids(pool));
                String isolation = pool.inTransaction(PgTransactionOptions.of(PgTransactionOptions.Isolation.SERIALIZABLE),
                        tx -> tx.query("SHOW transaction_isolation").one().getString(0));
                assertEquals("serializable", isolation);
                PgException readOnly = assertThrows(PgException.class, () -> pool.inTransaction(
                        PgTransactionOptions.defaults().asReadOnly(), tx -> tx.query("INSERT INTO tx_t VALUES (9)")));
                assertEquals("25006", readOnly.sqlState());
            });
            // A connection returned inside a transaction is rolled back before anyone else uses it.
            PgConnection c = pool.acquireAsync().join();
            c.simpleQuery("BEGIN; INSERT INTO tx_t VALUES (100)").join();
            pool.release(c);
            onVirtualThread(() -> assertEquals(List.of(1, 3), ids(pool)));
            // Async form.
            Integer n = pool.inTransactionAsync(PgTransactionOptions.defaults(),
                    tx -> tx.queryAsync("SELECT count(*) FROM tx_t").thenApply(r -> r.one().getInt(0))).join();
            assertEquals(2, n);
        }
    }

    /** Runs {@code body} on a virtual thread and rethrows what it threw (assertions included). */
    static void onVirtualThread(Runnable body) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
    }

    private static List<Integer> ids(PgPool pool) {
        List<Integer> ids = new ArrayList<>();
        for (PgRow row : pool.query("SELECT id FROM tx_t ORDER BY id").rows()) {
            ids.add(row.getInt(0));
        }
        return ids;
    }

    @Test
    void deadConnectionsAreReplacedAndIdleOnesClosed() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
             PgPool pool = pool(group, PgPoolOptions.defaults().withMaxSizePerLoop(2).withIdleTimeoutMillis(1000));
             PgConnection admin = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            int pid = pool.queryAsync("SELECT pg_backend_pid()").join().one().getInt(0);
            admin.query("SELECT pg_terminate_backend($1)", pid).join();
            Thread.sleep(200);
            int replaced = pool.queryAsync("SELECT pg_backend_pid()").join().one().getInt(0);
            assertTrue(replaced != pid, "a new backend serves the next query");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, pool.size(), "idle connections beyond minSizePerLoop are closed");
            assertEquals(1, pool.queryAsync("SELECT 1").join().one().getInt(0), "and reopened on demand");
        }
    }
}
