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
    /** Set for a transaction from {@link #begin}: it releases its connection when it ends. */
    private final PgClient owner;
    private boolean ended;

    /** Work inside a transaction on a virtual thread; it may block. */
    @FunctionalInterface
    public interface Work<T> {
        T run(PgTransaction tx) throws Exception;
    }

    PgTransaction(PgConnection connection) {
        this(connection, null);
    }

    private PgTransaction(PgConnection connection, PgClient owner) {
        this.connection = connection;
        this.owner = owner;
    }

    /**
     * Begins a transaction on a connection of its own, for code that cannot use
     * {@link PgClient#inTransaction}: end it with {@link #commit()} or {@link #rollback()}, which give the
     * connection back. Waits (virtual threads only).
     */
    public static PgTransaction begin(PgClient client, PgTransactionOptions options) {
        PgClient.checkNotOnLoop(); // before leasing: a refusal after it would leak the connection
        PgConnection c = PgClient.await(client.acquireAsync());
        try {
            PgClient.await(c.simpleQuery(options.begin()));
        } catch (RuntimeException e) {
            client.release(c);
            throw e;
        }
        return new PgTransaction(c, client);
    }

    /**
     * COMMIT and give the connection back. If the transaction had failed (an error inside it was caught),
     * the server rolls it back instead, and this throws {@link IllegalStateException}.
     */
    public void commit() {
        end("COMMIT");
    }

    /** ROLLBACK and give the connection back. */
    public void rollback() {
        end("ROLLBACK");
    }

    private void end(String statement) {
        if (owner == null) {
            throw new IllegalStateException("this transaction is managed by inTransaction: return or throw instead");
        }
        if (ended) {
            return;
        }
        ended = true;
        try {
            List<PgResult> results = PgClient.await(connection.simpleQuery(statement));
            if (statement.equals("COMMIT") && !results.getFirst().command().equals("COMMIT")) {
                throw new IllegalStateException("the transaction had failed (an error was swallowed inside it): "
                        + "COMMIT rolled it back");
            }
        } finally {
            owner.release(connection);
        }
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
