package io.fasterapi.pg.client;

/**
 * Pool settings, each with its unit and default. Sizes are per event loop: a group of N loops holds up to
 * N × {@code maxSizePerLoop} connections.
 *
 * @param minSizePerLoop               connections each loop keeps open even when idle; default 0
 * @param maxSizePerLoop               connections each loop may open; default 4
 * @param pipeliningLimit              commands in flight on one connection before another is opened (or
 *                                     waited for): queries pipeline deeply on few connections, which is what
 *                                     a server handles best; lower spreads load over more backends, but a
 *                                     slow query delays the ones queued behind it on its connection; default 32
 * @param acquireTimeoutMillis         how long a caller waits for a connection before failing; default 30,000 ms
 * @param maxLifetimeMillis            a connection older than this is closed once idle (0: never); default
 *                                     1,800,000 ms (30 min)
 * @param idleTimeoutMillis            a connection idle this long is closed, down to the minimum (0: never);
 *                                     default 600,000 ms (10 min)
 * @param healthCheckIdleMillis        an idle connection is checked with {@code SELECT 1} after this long without
 *                                     use, so a dead one is replaced before a caller gets it (0: never);
 *                                     default 30,000 ms
 * @param leakDetectionThresholdMillis a connection held (leased for a transaction or {@code withConnection})
 *                                     longer than this is reported once, with the stack where it was taken;
 *                                     taking the stack costs, so 0 (off) is the default
 */
public record PgPoolOptions(int minSizePerLoop, int maxSizePerLoop, int pipeliningLimit, long acquireTimeoutMillis,
                            long maxLifetimeMillis, long idleTimeoutMillis, long healthCheckIdleMillis,
                            long leakDetectionThresholdMillis) {

    public PgPoolOptions {
        if (minSizePerLoop < 0 || maxSizePerLoop < 1 || minSizePerLoop > maxSizePerLoop || pipeliningLimit < 1
                || acquireTimeoutMillis <= 0 || maxLifetimeMillis < 0 || idleTimeoutMillis < 0
                || healthCheckIdleMillis < 0 || leakDetectionThresholdMillis < 0) {
            throw new IllegalArgumentException("invalid pool options: 0 <= minSizePerLoop <= maxSizePerLoop, "
                    + "maxSizePerLoop >= 1, pipeliningLimit >= 1, acquireTimeoutMillis > 0, the others >= 0");
        }
    }

    public static PgPoolOptions defaults() {
        return new PgPoolOptions(0, 4, 32, 30_000, 1_800_000, 600_000, 30_000, 0);
    }

    public PgPoolOptions withMaxSizePerLoop(int value) {
        return new PgPoolOptions(Math.min(minSizePerLoop, value), value, pipeliningLimit, acquireTimeoutMillis,
                maxLifetimeMillis, idleTimeoutMillis, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withMinSizePerLoop(int value) {
        return new PgPoolOptions(value, maxSizePerLoop, pipeliningLimit, acquireTimeoutMillis, maxLifetimeMillis,
                idleTimeoutMillis, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withPipeliningLimit(int value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, value, acquireTimeoutMillis, maxLifetimeMillis,
                idleTimeoutMillis, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withAcquireTimeoutMillis(long value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, pipeliningLimit, value, maxLifetimeMillis,
                idleTimeoutMillis, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withMaxLifetimeMillis(long value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, pipeliningLimit, acquireTimeoutMillis, value,
                idleTimeoutMillis, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withIdleTimeoutMillis(long value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, pipeliningLimit, acquireTimeoutMillis,
                maxLifetimeMillis, value, healthCheckIdleMillis, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withHealthCheckIdleMillis(long value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, pipeliningLimit, acquireTimeoutMillis,
                maxLifetimeMillis, idleTimeoutMillis, value, leakDetectionThresholdMillis);
    }

    public PgPoolOptions withLeakDetectionThresholdMillis(long value) {
        return new PgPoolOptions(minSizePerLoop, maxSizePerLoop, pipeliningLimit, acquireTimeoutMillis,
                maxLifetimeMillis, idleTimeoutMillis, healthCheckIdleMillis, value);
    }
}
