package io.fasterapi.pg.client;

import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection pool sharded per event loop, like the Vert.x pg client's recipe: each loop owns up to
 * {@link PgPoolOptions#maxSizePerLoop()} connections, and a query issued on loop N runs on a connection of
 * loop N, pipelined with the others (up to {@link PgPoolOptions#pipeliningLimit()} per connection), so results
 * come back on the thread that asked, with no lock and no hop. Calls from other threads (virtual threads, for
 * example) go to a loop in turn, or to the one named with {@link #on(EventLoop)}.
 *
 * <p>Connections are opened on demand and closed when idle or old (see {@link PgPoolOptions}); a connection
 * lent with {@link #acquireAsync} (transactions, {@link #withConnectionAsync}) carries nothing else until
 * it comes back, and comes back rolled back if a transaction was left open.
 */
public final class PgPool implements PgClient, AutoCloseable {
    private final EventLoopGroup group;
    private final PgConnectOptions options;
    private final PgPoolOptions poolOptions;
    private final PgPoolShard[] shards;
    private final AtomicInteger next = new AtomicInteger();

    private PgPool(EventLoopGroup group, PgConnectOptions options, PgPoolOptions poolOptions) {
        this.group = group;
        this.options = options;
        this.poolOptions = poolOptions;
        this.shards = new PgPoolShard[group.size()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new PgPoolShard(group.loop(i), options, poolOptions);
        }
        for (PgPoolShard shard : shards) {
            shard.start();
        }
    }

    /** A pool on {@code group}'s loops; connections open as they are needed (and {@code minSizePerLoop} at once). */
    public static PgPool create(EventLoopGroup group, PgConnectOptions options, PgPoolOptions poolOptions) {
        return new PgPool(group, options, poolOptions);
    }

    public static PgPool create(EventLoopGroup group, PgConnectOptions options) {
        return create(group, options, PgPoolOptions.defaults());
    }

    public PgConnectOptions options() {
        return options;
    }

    public PgPoolOptions poolOptions() {
        return poolOptions;
    }

    /** The part of the pool owned by {@code loop}: its queries use that loop's connections. */
    public PgClient on(EventLoop loop) {
        if (loop.group() != group) {
            throw new IllegalArgumentException("the loop belongs to another group");
        }
        return shards[loop.index()];
    }

    private PgPoolShard shard() {
        EventLoop current = EventLoop.current();
        if (current != null && current.group() == group) {
            return shards[current.index()];
        }
        return shards[Math.floorMod(next.getAndIncrement(), shards.length)];
    }

    @Override
    public CompletableFuture<PgResult> queryAsync(String sql, Object... params) {
        return shard().queryAsync(sql, params);
    }

    @Override
    public CompletableFuture<long[]> batchAsync(String sql, List<Object[]> parameterSets) {
        return shard().batchAsync(sql, parameterSets);
    }

    @Override
    public CompletableFuture<PgConnection> acquireAsync() {
        return shard().acquireAsync();
    }

    @Override
    public void release(PgConnection connection) {
        shards[connection.loop().index()].release(connection);
    }

    /** Connections open now, over all loops (a snapshot). */
    public int size() {
        int n = 0;
        for (PgPoolShard shard : shards) {
            n += shard.size();
        }
        return n;
    }

    /** Closes every connection; waiting callers fail. Waits up to 10 s for the loops to do it. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (PgPoolShard shard : shards) {
            try {
                closing.add(shard.close());
            } catch (RuntimeException e) {
                System.getLogger(PgPool.class.getName()).log(System.Logger.Level.WARNING, "closing a pool shard failed", e);
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loops are gone or slow: their connections die with them
        }
    }
}
