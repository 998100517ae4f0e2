package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgLimits;
import io.fasterapi.pg.protocol.PgMessageWriter;
import io.fasterapi.pg.protocol.PgParamEncoder;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A large result read in batches of {@code fetchSize} rows: {@code Bind, Execute(fetchSize), Flush}, then one
 * more {@code Execute, Flush} after each PortalSuspended, once the consumer has taken the batch; the
 * unnamed portal lives until the final {@code Sync}, so the connection carries nothing else meanwhile. Memory
 * stays at one batch however large the result. A consumer that fails stops the stream (Sync drops the
 * portal; rows already on the way are read and dropped).
 */
final class PgStream extends PgCommand {
    /** Takes each batch; the next one is fetched when the returned stage completes (null: at once). */
    @FunctionalInterface
    interface BatchHandler {
        CompletionStage<?> onBatch(PgRowSet rows, boolean last);
    }

    private final String sql;
    private final Object[] params;
    private final int fetchSize;
    private final PgLimits limits;
    private final BatchHandler handler;
    final CompletableFuture<Long> future = new CompletableFuture<>();
    private PgConnection connection;
    private PgStatement statement;
    private boolean preparing;
    private PgRowSet batch;
    private long rows;
    private boolean syncSent;
    private Throwable consumerFailure;
    /** The consumer's stage for the last batch: the result completes after it. */
    private CompletableFuture<?> lastDelivery = CompletableFuture.completedFuture(null);

    PgStream(String sql, Object[] params, int fetchSize, PgLimits limits, BatchHandler handler) {
        super(Trace.NONE);
        this.sql = sql;
        this.params = params;
        this.fetchSize = fetchSize;
        this.limits = limits;
        this.handler = handler;
    }

    @Override
    void write(PgConnection c) {
        connection = c;
        statement = c.statements().get(sql);
        c.hold();
        if (statement == null) {
            statement = c.statements().add(sql);
            PgMessageWriter out = c.out();
            out.parse(statement.name, sql, new int[0]);
            out.describe((byte) 'S', statement.name);
            out.sync();
            preparing = true;
            return;
        }
        writeFirstExecute(c);
    }

    private void writeFirstExecute(PgConnection c) {
        if (params.length != statement.parameterTypes.length) {
            throw new IllegalArgumentException("the statement has " + statement.parameterTypes.length
                    + " parameter(s); " + params.length + " given");
        }
        PgMessageWriter out = c.out();
        int at = out.beginBind("", statement.name, statement.parameterFormats);
        for (int i = 0; i < params.length; i++) {
            PgParamEncoder.encode(i, statement.parameterTypes[i], params[i], out);
        }
        out.endBind(at, statement.resultFormats);
        out.execute("", fetchSize);
        out.flush();
    }

    // ---------------------------------------------------------------- responses

    @Override
    void parseComplete() {
        // described next
    }

    @Override
    void parameterDescription(int[] types) {
        statement.parameters(types);
    }

    @Override
    void rowDescription(PgConnection c, MemorySegment s, long body, int length) {
        if (!preparing) {
            throw unexpected("RowDescription");
        }
        statement.columns(PgColumns.parse(s, body, length));
    }

    @Override
    void noData() {
        statement.columns(PgColumns.none());
    }

    @Override
    void bindComplete() {
        batch = new PgRowSet(statement.columns, limits, connection.rowScratch);
    }

    @Override
    void dataRow(PgConnection c, MemorySegment s, long body, int length) {
        if (consumerFailure == null && error == null) {
            batch.add(s, body, length);
        }
    }

    @Override
    void portalSuspended(PgConnection c) {
        if (consumerFailure != null || error != null) {
            return;
        }
        PgRowSet full = batch.complete();
        rows += full.size();
        batch = new PgRowSet(statement.columns, limits, connection.rowScratch);
        deliver(full, false).whenComplete((ok, failure) -> connection.loop().execute(() -> {
            if (failure != null) {
                stop(failure);
            } else if (!syncSent) {
                connection.out().execute("", fetchSize);
                connection.out().flush();
                connection.flushOut();
            }
        }));
    }

    @Override
    void commandComplete(String tag) {
        if (consumerFailure == null && error == null) {
            rows += batch.complete().size();
            lastDelivery = deliver(batch, true);
        }
        sync();
    }

    @Override
    void emptyQuery() {
        sync();
    }

    @Override
    void error(io.fasterapi.pg.protocol.PgError e) {
        super.error(e);
        if (!preparing) {
            sync(); // the server skips everything until a Sync
        }
    }

    private CompletableFuture<?> deliver(PgRowSet rows, boolean last) {
        try {
            CompletionStage<?> stage = handler.onBatch(rows, last);
            return stage == null ? CompletableFuture.completedFuture(null) : stage.toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The consumer gave up or failed: Sync drops the portal; the rest is read and dropped. */
    private void stop(Throwable failure) {
        if (consumerFailure == null) {
            consumerFailure = failure;
        }
        sync();
    }

    private void sync() {
        if (!syncSent) {
            syncSent = true;
            connection.out().sync();
            connection.flushOut();
        }
    }

    @Override
    boolean readyForQuery(PgConnection c, byte status) {
        if (preparing) {
            preparing = false;
            if (error != null) {
                c.statements().forget(statement);
                c.release();
                future.completeExceptionally(exception());
                c.writeWaiting();
                return true;
            }
            statement.ready = true;
            int mark = c.out().size();
            try {
                writeFirstExecute(c);
            } catch (RuntimeException e) {
                c.out().truncate(mark);
                c.release();
                future.completeExceptionally(e);
                c.writeWaiting();
                return true;
            }
            c.flushOut();
            return false;
        }
        c.release();
        PgException serverError = error != null ? exception() : null;
        Throwable consumer = consumerFailure;
        long count = rows;
        lastDelivery.whenComplete((ok, lastFailure) -> {
            if (serverError != null) {
                future.completeExceptionally(serverError);
            } else if (consumer != null) {
                future.completeExceptionally(consumer);
            } else if (lastFailure != null) {
                future.completeExceptionally(lastFailure);
            } else {
                future.complete(count);
            }
        });
        c.writeWaiting();
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
