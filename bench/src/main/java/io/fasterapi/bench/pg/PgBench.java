package io.fasterapi.bench.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fasterapi.bench.LatencyHistogram;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.pg.client.PgConnectOptions;
import io.fasterapi.pg.client.PgPool;
import io.fasterapi.pg.client.PgPoolOptions;
import io.fasterapi.pg.client.PgRow;
import io.fasterapi.pg.client.PgRowSet;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL client benchmark: one client library per run, the same workloads for all.
 * <ul>
 *   <li>{@code select}: {@code SELECT id, name, price FROM bench_items WHERE id = $1} with a random id of
 *       10,000, {@code --concurrency} requests always in flight; every column is read.</li>
 *   <li>{@code insert-batch}: 1,000 rows into {@code bench_insert} as one batch, batches back to back.</li>
 *   <li>{@code decode}: {@code SELECT g FROM generate_series(1, 1000) g}, every value read, {@code --concurrency}
 *       in flight.</li>
 *   <li>{@code copy}: {@code COPY bench_copy FROM STDIN (FORMAT csv)} of {@code --file}, twice (after a
 *       truncate each time): the first warms up, the second is timed; MB/s.</li>
 * </ul>
 * Clients: {@code fasterapi} (PgPool, one event loop, maxSizePerLoop {@code --pool}, pipelined), {@code vertx}
 * (Vert.x 5 pg client, one event loop, pool {@code --pool}, pipelining limit 256, prepared statement cache),
 * {@code pgjdbc} (pgjdbc + HikariCP, pool {@code --pool}, one platform thread per concurrent request). Async
 * clients run a closed loop on their event loop. Prints one {@code RESULT} line with the rate, latency
 * percentiles and this process's CPU time per operation.
 */
public final class PgBench {
    private static final String SELECT = "SELECT id, name, price FROM bench_items WHERE id = $1";
    private static final String INSERT = "INSERT INTO bench_insert (a, b) VALUES ($1, $2)";
    private static final String DECODE = "SELECT g FROM generate_series(1, 1000) g";
    private static final int ITEMS = 10_000;

    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong sink = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new PgBench().run(o);
    }

    private void run(Map<String, String> o) throws Exception {
        String url = o.get("url");
        String client = o.get("client");
        String workload = o.get("workload");
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
        int pool = Integer.parseInt(o.getOrDefault("pool", "4"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "3"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        Driver driver = switch (client) {
            case "fasterapi" -> new FasterDriver(url, pool, Integer.parseInt(o.getOrDefault("pipelining", "0")));
            case "vertx" -> new VertxDriver(url, pool);
            case "pgjdbc" -> new JdbcDriver(url, pool);
            default -> throw new IllegalArgumentException("client: fasterapi, vertx, pgjdbc");
        };
        try {
            if (workload.equals("copy")) {
                copy(driver, client, Path.of(o.get("file")));
                return;
            }
            driver.start(workload, workload.equals("insert-batch") ? 1 : concurrency, this);
            Thread.sleep((long) (warmup * 1000));
            latency.reset();
            ops.set(0);
            long cpu0 = cpuNanos();
            long allocated0 = allocatedBytes();
            long t0 = System.nanoTime();
            measuring = true;
            Thread.sleep((long) (seconds * 1000));
            measuring = false;
            long elapsed = System.nanoTime() - t0;
            long cpu = cpuNanos() - cpu0;
            long allocated = allocatedBytes() - allocated0;
            running = false;
            long n = ops.get();
            double rate = n / (elapsed / 1e9);
            int unit = workload.equals("insert-batch") || workload.equals("decode") ? 1000 : 1;
            synchronized (latency) {
                System.out.printf("RESULT client=%s workload=%s concurrency=%d pool=%d ops=%d seconds=%.2f rate=%.0f "
                                + "rows_per_s=%.0f p50_us=%.1f p99_us=%.1f client_cpu_us_per_op=%.2f "
                                + "client_alloc_bytes_per_op=%.0f%n",
                        client, workload, workload.equals("insert-batch") ? 1 : concurrency, pool, n, elapsed / 1e9,
                        rate, rate * unit, latency.percentile(50) / 1e3, latency.percentile(99) / 1e3,
                        n == 0 ? 0 : cpu / 1e3 / n, n == 0 ? 0 : (double) allocated / n);
            }
            Thread.sleep(200);
        } finally {
            driver.close();
        }
    }

    /** Two COPYs of the file: the first warms the JIT up, the second is timed. */
    private void copy(Driver driver, String client, Path file) throws Exception {
        long bytes = Files.size(file);
        driver.truncateCopyTable();
        try (InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16)) {
            driver.copyIn(in);
        }
        driver.truncateCopyTable();
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        long rows;
        try (InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16)) {
            rows = driver.copyIn(in);
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        System.out.printf("RESULT client=%s workload=copy rows=%d bytes=%d seconds=%.3f mb_per_s=%.1f rows_per_s=%.0f "
                + "client_cpu_s=%.2f%n", client, rows, bytes, elapsed / 1e9, bytes / 1e6 / (elapsed / 1e9),
                rows / (elapsed / 1e9), cpu / 1e9);
    }

    /** A completed operation. */
    void done(long startNanos) {
        if (measuring) {
            ops.incrementAndGet();
            long t = System.nanoTime() - startNanos;
            synchronized (latency) {
                latency.record(t);
            }
        }
    }

    boolean running() {
        return running;
    }

    void consume(long value) {
        sink.addAndGet(value);
    }

    /** Heap bytes allocated by every platform thread of this process so far (the clients run on platform threads). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static List<Object[]> insertRows() {
        List<Object[]> rows = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
            rows.add(new Object[] {i, "row number " + i});
        }
        return rows;
    }

    // ---------------------------------------------------------------- drivers

    interface Driver extends AutoCloseable {
        void start(String workload, int concurrency, PgBench bench) throws Exception;

        long copyIn(InputStream data) throws Exception;

        void truncateCopyTable() throws Exception;

        @Override
        void close() throws Exception;
    }

    /** FasterAPI: PgPool on one event loop; each in-flight request issues the next from its completion. */
    static final class FasterDriver implements Driver {
        private final EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().eventLoops(1).build());
        private final PgPool pool;

        FasterDriver(String url, int size, int pipeliningLimit) {
            PgPoolOptions options = PgPoolOptions.defaults().withMaxSizePerLoop(size);
            if (pipeliningLimit > 0) {
                options = options.withPipeliningLimit(pipeliningLimit);
            }
            pool = PgPool.create(group, PgConnectOptions.parse(url), options);
        }

        @Override
        public void start(String workload, int concurrency, PgBench bench) {
            EventLoop loop = group.loop(0);
            SplittableRandom random = new SplittableRandom(42);
            List<Object[]> rows = insertRows();
            loop.execute(() -> {
                for (int i = 0; i < concurrency; i++) {
                    issue(workload, bench, random, rows);
                }
            });
        }

        private void issue(String workload, PgBench bench, SplittableRandom random, List<Object[]> rows) {
            if (!bench.running()) {
                return;
            }
            long start = System.nanoTime();
            switch (workload) {
                case "select" -> pool.queryAsync(SELECT, 1 + random.nextInt(ITEMS)).whenComplete((r, e) -> {
                    if (e == null) {
                        PgRow row = r.one();
                        bench.consume(row.getInt(0) + row.getString(1).length() + row.getInt(2));
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                case "insert-batch" -> pool.batchAsync(INSERT, rows).whenComplete((r, e) -> {
                    if (e == null) {
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                case "decode" -> pool.queryAsync(DECODE).whenComplete((r, e) -> {
                    if (e == null) {
                        PgRowSet set = r.rows();
                        long sum = 0;
                        for (int i = 0; i < set.size(); i++) {
                            sum += set.get(i).getInt(0);
                        }
                        bench.consume(sum);
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                default -> throw new IllegalArgumentException(workload);
            }
        }

        @Override
        public long copyIn(InputStream data) {
            return pool.copyInAsync("COPY bench_copy FROM STDIN (FORMAT csv)", data).join();
        }

        @Override
        public void truncateCopyTable() {
            pool.queryAsync("TRUNCATE bench_copy").join();
        }

        @Override
        public void close() {
            pool.close();
            group.close();
        }
    }

    /** Vert.x 5 pg client: one event loop, pipelining and prepared statement cache on. */
    static final class VertxDriver implements Driver {
        private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        private final Pool pool;

        VertxDriver(String url, int size) {
            io.vertx.pgclient.PgConnectOptions options = io.vertx.pgclient.PgConnectOptions.fromUri(url)
                    .setCachePreparedStatements(true).setPipeliningLimit(256);
            pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
        }

        @Override
        public void start(String workload, int concurrency, PgBench bench) {
            SplittableRandom random = new SplittableRandom(42);
            List<Tuple> rows = new ArrayList<>();
            for (Object[] r : insertRows()) {
                rows.add(Tuple.of(r[0], r[1]));
            }
            vertx.runOnContext(v -> {
                for (int i = 0; i < concurrency; i++) {
                    issue(workload, bench, random, rows);
                }
            });
        }

        private void issue(String workload, PgBench bench, SplittableRandom random, List<Tuple> rows) {
            if (!bench.running()) {
                return;
            }
            long start = System.nanoTime();
            switch (workload) {
                case "select" -> pool.preparedQuery(SELECT).execute(Tuple.of(1 + random.nextInt(ITEMS))).onComplete(ar -> {
                    if (ar.succeeded()) {
                        Row row = ar.result().iterator().next();
                        bench.consume(row.getInteger(0) + row.getString(1).length() + row.getInteger(2));
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                case "insert-batch" -> pool.preparedQuery(INSERT).executeBatch(rows).onComplete(ar -> {
                    if (ar.succeeded()) {
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                case "decode" -> pool.preparedQuery(DECODE).execute(Tuple.tuple()).onComplete(ar -> {
                    if (ar.succeeded()) {
                        long sum = 0;
                        for (Row row : ar.result()) {
                            sum += row.getInteger(0);
                        }
                        bench.consume(sum);
                        bench.done(start);
                    }
                    issue(workload, bench, random, rows);
                });
                default -> throw new IllegalArgumentException(workload);
            }
        }

        @Override
        public long copyIn(InputStream data) {
            throw new UnsupportedOperationException("the Vert.x pg client has no COPY support");
        }

        @Override
        public void truncateCopyTable() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() throws Exception {
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** pgjdbc + HikariCP: a platform thread per concurrent request, each blocking on its query. */
    static final class JdbcDriver implements Driver {
        private final HikariDataSource pool;
        private final List<Thread> threads = new ArrayList<>();

        JdbcDriver(String url, int size) {
            URI uri = URI.create(url.replaceFirst("^postgresql:", "http:"));
            String[] credentials = uri.getUserInfo().split(":", 2);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath());
            config.setUsername(credentials[0]);
            if (credentials.length > 1) {
                config.setPassword(credentials[1]);
            }
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(size);
            pool = new HikariDataSource(config);
        }

        @Override
        public void start(String workload, int concurrency, PgBench bench) throws Exception {
            CountDownLatch ready = new CountDownLatch(concurrency);
            List<Object[]> rows = insertRows();
            for (int t = 0; t < concurrency; t++) {
                SplittableRandom random = new SplittableRandom(42 + t);
                threads.add(Thread.ofPlatform().daemon().start(() -> {
                    ready.countDown();
                    while (bench.running()) {
                        long start = System.nanoTime();
                        try (Connection c = pool.getConnection()) {
                            switch (workload) {
                                case "select" -> select(c, random, bench);
                                case "insert-batch" -> insertBatch(c, rows);
                                case "decode" -> decode(c, bench);
                                default -> throw new IllegalArgumentException(workload);
                            }
                            bench.done(start);
                        } catch (Exception e) {
                            if (bench.running()) {
                                e.printStackTrace();
                            }
                        }
                    }
                }));
            }
            ready.await();
        }

        private static void select(Connection c, SplittableRandom random, PgBench bench) throws Exception {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, price FROM bench_items WHERE id = ?")) {
                ps.setInt(1, 1 + random.nextInt(ITEMS));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    bench.consume(rs.getInt(1) + rs.getString(2).length() + rs.getInt(3));
                }
            }
        }

        private static void insertBatch(Connection c, List<Object[]> rows) throws Exception {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_insert (a, b) VALUES (?, ?)")) {
                for (Object[] r : rows) {
                    ps.setInt(1, (Integer) r[0]);
                    ps.setString(2, (String) r[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private static void decode(Connection c, PgBench bench) throws Exception {
            try (PreparedStatement ps = c.prepareStatement(DECODE.replace("$1", "?"));
                 ResultSet rs = ps.executeQuery()) {
                long sum = 0;
                while (rs.next()) {
                    sum += rs.getInt(1);
                }
                bench.consume(sum);
            }
        }

        @Override
        public long copyIn(InputStream data) throws Exception {
            try (Connection c = pool.getConnection()) {
                return new CopyManager(c.unwrap(BaseConnection.class)).copyIn("COPY bench_copy FROM STDIN (FORMAT csv)", data);
            }
        }

        @Override
        public void truncateCopyTable() throws Exception {
            try (Connection c = pool.getConnection(); var st = c.createStatement()) {
                st.execute("TRUNCATE bench_copy");
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (Thread t : threads) {
                t.join(5000);
            }
            pool.close();
        }
    }
}
