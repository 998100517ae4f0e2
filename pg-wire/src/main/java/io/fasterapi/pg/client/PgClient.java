package io.fasterapi.pg.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What code runs queries against: a {@link PgPool}, or the part of it that belongs to one event loop
 * ({@link PgPool#on}). The {@code ...Async} methods return futures that complete on an event loop (do not
 * block in their continuations); the others wait and are for virtual threads (they refuse to run on an
 * event loop, where waiting would stall every connection of the loop).
 */
public interface PgClient {

    /** The extended protocol with parameters ($1, $2, ...): prepared once per connection, pipelined. */
    CompletableFuture<PgResult> queryAsync(String sql, Object... params);

    /** One statement, once per parameter set, in one round trip and one implicit transaction. */
    CompletableFuture<long[]> batchAsync(String sql, List<Object[]> parameterSets);

    /**
     * A connection of the caller's own (nothing else is pipelined on it) until {@link #release}; a connection
     * held too long is reported by leak detection ({@link PgPoolOptions#leakDetectionThresholdMillis()}).
     * Prefer {@link #withConnectionAsync} and {@link #inTransaction}, which cannot forget to release.
     */
    CompletableFuture<PgConnection> acquireAsync();

    /** Returns a connection from {@link #acquireAsync}; a transaction left open is rolled back first. */
    void release(PgConnection connection);

    /** Runs {@code work} with a connection of its own, released when the stage completes. */
    default <T> CompletableFuture<T> withConnectionAsync(Function<PgConnection, ? extends CompletionStage<T>> work) {
        return acquireAsync().thenCompose(c -> {
            CompletionStage<T> stage;
            try {
                stage = work.apply(c);
            } catch (RuntimeException e) {
                release(c);
                return CompletableFuture.failedFuture(e);
            }
            return stage.whenComplete((value, failure) -> release(c)).toCompletableFuture();
        });
    }

    /** BEGIN, {@code work}, COMMIT; ROLLBACK if {@code work} fails (its failure is then the result). */
    default <T> CompletableFuture<T> inTransactionAsync(PgTransactionOptions options,
                                                        Function<PgTransaction, ? extends CompletionStage<T>> work) {
        return withConnectionAsync(c -> c.simpleQuery(options.begin()).thenCompose(begun -> {
            CompletionStage<T> attempt;
            try {
                attempt = work.apply(new PgTransaction(c));
            } catch (RuntimeException e) {
                attempt = CompletableFuture.failedFuture(e);
            }
            CompletionStage<T> stage = attempt;
            return stage.handle((value, failure) -> failure).thenCompose(failure -> {
                if (failure != null) {
                    return c.simpleQuery("ROLLBACK").handle((r, e) -> null)
                            .thenCompose(ignored -> CompletableFuture.<T>failedFuture(failure));
                }
                return c.simpleQuery("COMMIT").thenCompose(results -> committed(results)
                        ? stage.toCompletableFuture() : CompletableFuture.failedFuture(rolledBack()));
            });
        }));
    }

    /** {@code COPY ... FROM STDIN} on a connection of its own; see {@link PgConnection#copyIn}. */
    default CompletableFuture<Long> copyInAsync(String sql, java.io.InputStream data) {
        return withConnectionAsync(c -> c.copyIn(sql, data));
    }

    /** {@code COPY ... TO STDOUT} on a connection of its own; see {@link PgConnection#copyOut}. */
    default CompletableFuture<Long> copyOutAsync(String sql, java.io.OutputStream data) {
        return withConnectionAsync(c -> c.copyOut(sql, data));
    }

    default long copyIn(String sql, java.io.InputStream data) {
        checkNotOnLoop();
        return await(copyInAsync(sql, data));
    }

    default long copyOut(String sql, java.io.OutputStream data) {
        checkNotOnLoop();
        return await(copyOutAsync(sql, data));
    }

    default PgResult query(String sql, Object... params) {
        return await(queryAsync(sql, params));
    }

    default long[] batch(String sql, List<Object[]> parameterSets) {
        return await(batchAsync(sql, parameterSets));
    }

    /**
     * A transaction run on the calling virtual thread: BEGIN, {@code work} (which may block, and whose queries
     * wait), COMMIT; ROLLBACK and rethrow if {@code work} throws.
     */
    default <T> T inTransaction(PgTransactionOptions options, PgTransaction.Work<T> work) {
        checkNotOnLoop(); // before leasing: a refusal after it would leak the connection
        PgConnection c = await(acquireAsync());
        try {
            await(c.simpleQuery(options.begin()));
            T result;
            try {
                result = work.run(new PgTransaction(c));
            } catch (Throwable t) {
                try {
                    await(c.simpleQuery("ROLLBACK"));
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new CompletionException(t);
            }
            if (!committed(await(c.simpleQuery("COMMIT")))) {
                throw rolledBack();
            }
            return result;
        } finally {
            release(c);
        }
    }

    default <T> T inTransaction(PgTransaction.Work<T> work) {
        return inTransaction(PgTransactionOptions.defaults(), work);
    }

    /** COMMIT of a transaction that failed earlier answers "ROLLBACK". */
    private static boolean committed(List<PgResult> results) {
        return !results.isEmpty() && results.getFirst().command().equals("COMMIT");
    }

    private static IllegalStateException rolledBack() {
        return new IllegalStateException("the transaction had failed (an error was swallowed inside it): "
                + "COMMIT rolled it back");
    }

    /** Waits for {@code future} off the event loops; rethrows the failure itself (not wrapped). */
    static <T> T await(CompletableFuture<T> future) {
        checkNotOnLoop();
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                r.addSuppressed(new Exception("waited for here"));
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Refuses to run on an event loop, where waiting would stall every connection of the loop. */
    static void checkNotOnLoop() {
        if (io.fasterapi.io.EventLoop.current() != null) {
            throw new IllegalStateException("a blocking PostgreSQL call on an event loop would stall it: "
                    + "use the ...Async methods there, or run the handler on a virtual thread");
        }
    }
}
