package io.fasterapi.pg.client;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * An open transaction on a connection of its own. Savepoints nest inside it. Its queries may be pipelined
 * (issue several, then wait); they run in the order issued. Valid until the work that received it completes.
 */
public final class PgTransaction {
    private final PgConnection connection;

    /** Work inside a transaction on a virtual thread; it may block. */
    @FunctionalInterface
    public interface Work<T> {
        T run(PgTransaction tx) throws Exception;
    }

    PgTransaction(PgConnection connection) {
        this.connection = connection;
    }

    public PgConnection connection() {
        return connection;
    }

    public CompletableFuture<PgResult> queryAsync(String sql, Object... params) {
        return connection.query(sql, params);
    }

    public CompletableFuture<long[]> batchAsync(String sql, List<Object[]> parameterSets) {
        return connection.batch(sql, parameterSets);
    }

    /** Waits (virtual threads only). */
    public PgResult query(String sql, Object... params) {
        return PgClient.await(queryAsync(sql, params));
    }

    public long[] batch(String sql, List<Object[]> parameterSets) {
        return PgClient.await(batchAsync(sql, parameterSets));
    }

    /** {@code SAVEPOINT name}. */
    public void savepoint(String name) {
        PgClient.await(connection.simpleQuery("SAVEPOINT " + identifier(name)));
    }

    /** {@code ROLLBACK TO SAVEPOINT name}: undoes what followed the savepoint; the transaction goes on. */
    public void rollbackTo(String name) {
        PgClient.await(connection.simpleQuery("ROLLBACK TO SAVEPOINT " + identifier(name)));
    }

    /** {@code RELEASE SAVEPOINT name}. */
    public void release(String name) {
        PgClient.await(connection.simpleQuery("RELEASE SAVEPOINT " + identifier(name)));
    }

    /** Savepoint names are identifiers: letters, digits and underscores only (no quoting games). */
    private static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("savepoint names are [A-Za-z_][A-Za-z0-9_]*: " + name);
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
