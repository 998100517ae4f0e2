package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgMessageWriter;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The named prepared statements of one connection, by SQL, least recently used first: at most
 * {@code capacity} ({@link PgConnectOptions#statementCacheSize()}; 0 disables the cache, and commands use the
 * unnamed statement). A statement added beyond the capacity pushes out the least recently used one, whose
 * Close goes into the connection's output at once: after every command already written (the server runs
 * messages in order), so its CloseComplete arrives inside the next command's answer and is ignored there.
 *
 * <p>What one command adds and pushes out while it is written is remembered until the next
 * {@link #beginWrite}, so that a command refused half-way leaves nothing behind ({@link #undoWrite}).
 * Owned by the connection's loop; not thread-safe.
 */
final class PgStatementCache {
    private final int capacity;
    private final PgMessageWriter out;
    private final LinkedHashMap<String, PgStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
    private int counter;
    /** What the command being written added and pushed out (undone if it is refused). */
    private PgStatement createdInWrite;
    private String evictedInWrite;

    /** Up to {@code capacity} statements; Close messages of evicted ones go into {@code out}. */
    PgStatementCache(int capacity, PgMessageWriter out) {
        this.capacity = capacity;
        this.out = out;
    }

    /** Whether statements are cached at all ({@code statementCacheSize > 0}). */
    boolean enabled() {
        return capacity > 0;
    }

    /** The statement prepared for {@code sql}, made the most recently used; null if none. */
    PgStatement get(String sql) {
        return statements.get(sql);
    }

    /** A new named statement for {@code sql}; the least recently used one beyond the capacity is closed. */
    PgStatement add(String sql) {
        PgStatement statement = new PgStatement("fa_" + (++counter), sql);
        statements.put(sql, statement);
        createdInWrite = statement;
        if (statements.size() > capacity) {
            Iterator<PgStatement> eldest = statements.values().iterator();
            PgStatement evicted = eldest.next();
            eldest.remove();
            out.close((byte) 'S', evicted.name);
            evictedInWrite = evicted.name;
        }
        return statement;
    }

    /** Drops {@code statement} (its Parse failed: the server has none). */
    void forget(PgStatement statement) {
        if (statements.get(statement.sql) == statement) {
            statements.remove(statement.sql);
        }
    }

    /** Drops {@code statement} and writes its Close (the server invalidated it); the caller flushes. */
    void close(PgStatement statement) {
        forget(statement);
        out.close((byte) 'S', statement.name);
    }

    /** A command starts writing: nothing it does is to be undone yet. */
    void beginWrite() {
        createdInWrite = null;
        evictedInWrite = null;
    }

    /**
     * The command being written was refused and its bytes dropped: the statement it added goes; one it pushed
     * out stays out, and its Close is written again (the first went with the dropped bytes).
     */
    void undoWrite() {
        if (createdInWrite != null && statements.get(createdInWrite.sql) == createdInWrite) {
            statements.remove(createdInWrite.sql);
        }
        if (evictedInWrite != null) {
            out.close((byte) 'S', evictedInWrite);
        }
    }

    /** Statements held now (for tests and monitoring). */
    int size() {
        return statements.size();
    }
}
