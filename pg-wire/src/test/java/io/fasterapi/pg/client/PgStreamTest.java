package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large results in batches: iteration, back-pressure, early close, an error mid-stream, commands queued behind. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgStreamTest {

    @Test
    void iteratesAHundredThousandRowsInBatches() throws Exception {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            PgPoolTest.onVirtualThread(() -> {
                long sum = 0;
                long count = 0;
                try (PgRowStream rows = c.stream("SELECT g, repeat('x', 100) FROM generate_series(1, $1::int) g", 1000, 100_000)) {
                    for (PgRow row : rows) {
                        sum += row.getLong(0);
                        count++;
                    }
                    assertEquals(100_000, rows.rowCount());
                }
                assertEquals(100_000, count);
                assertEquals(100_000L * 100_001 / 2, sum);
            });
            // The async form: batches never exceed fetchSize.
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            long total = c.stream("SELECT g FROM generate_series(1, 2500) g", 1000, new Object[0], (rows, last) -> {
                sizes.add(rows.size());
                return null;
            }).join();
            assertEquals(2500, total);
            assertEquals(List.of(1000, 1000, 500), sizes);
        }
    }

    @Test
    void closingEarlyAndErrorsMidStreamLeaveTheConnectionUsable() throws Exception {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            PgPoolTest.onVirtualThread(() -> {
                try (PgRowStream rows = c.stream("SELECT g FROM generate_series(1, 1000000) g", 100)) {
                    int seen = 0;
                    for (PgRow row : rows) {
                        if (++seen == 250) {
                            break;
                        }
                    }
                }
                assertEquals(5, c.query("SELECT 5").join().one().getInt(0));
                int[] seen = {0};
                PgException e = assertThrows(PgException.class, () -> {
                    try (PgRowStream rows = c.stream("SELECT 1 / (1000 - g) FROM generate_series(1, 2000) g", 100)) {
                        for (PgRow row : rows) {
                            seen[0]++;
                        }
                    }
                });
                assertEquals("22012", e.sqlState());
                assertTrue(seen[0] >= 900 && seen[0] < 1000, "rows before the failing one: " + seen[0]);
                assertEquals(6, c.query("SELECT 6").join().one().getInt(0));
            });
        }
    }

    @Test
    void commandsIssuedDuringAStreamRunAfterIt() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            List<String> order = new CopyOnWriteArrayList<>();
            CompletableFuture<Long> stream = c.stream("SELECT g FROM generate_series(1, 300) g", 100, new Object[0],
                    (rows, last) -> {
                        order.add("batch " + rows.size());
                        return !rows.isEmpty() && rows.get(0).getInt(0) == 1 ? gate : null;
                    });
            CompletableFuture<PgResult> behind = c.query("SELECT 'behind'");
            behind.thenRun(() -> order.add("query"));
            gate.complete(null);
            assertEquals(300, stream.join());
            assertEquals("behind", behind.join().one().getString(0));
            // 300 rows by 100: the last Execute finds none, so the last batch is empty.
            assertEquals(List.of("batch 100", "batch 100", "batch 100", "batch 0", "query"), order);
            CompletableFuture<Long> failing = c.stream("SELECT g FROM generate_series(1, 300) g", 100, new Object[0],
                    (rows, last) -> {
                        throw new IllegalStateException("consumer broke");
                    });
            Exception e = assertThrows(Exception.class, failing::join);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals(7, c.query("SELECT 7").join().one().getInt(0));
        }
    }
}
