package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgLimits;
import io.fasterapi.pg.protocol.PgMessageWriter;
import io.fasterapi.pg.protocol.PgParamEncoder;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One statement through the extended protocol, executed once or, as a batch, once per parameter set.
 *
 * <p>With a statement cache: a statement seen for the first time on this connection is prepared first
 * ({@code Parse, Describe S, Sync}); the connection holds back later commands until the server has described
 * it, so their order on the wire stays the order of the FIFO. Then, and for every later execution,
 * {@code Bind, Execute[, Bind, Execute...], Sync} with parameters encoded for the types the server inferred
 * and binary results where a codec exists. A cached statement that the server invalidated (SQLSTATE 0A000
 * from {@code RevalidateCachedQuery}, after DDL) is prepared again and the command retried, once, when not
 * inside a transaction.
 *
 * <p>Without a cache (PgBouncer-safe mode): {@code Parse(unnamed), Bind, Describe P, Execute, Sync} in one go,
 * parameter types inferred from the Java values, text results.
 */
final class PgExtendedQuery extends PgCommand {
    private static final String ROUTINE_REVALIDATE = "RevalidateCachedQuery";
    private static final short[] ALL_TEXT = new short[0];

    private final String sql;
    private final PgLimits limits;
    private final List<Object[]> batch;
    private final Object[] params;
    final CompletableFuture<PgResult> future;
    final CompletableFuture<long[]> batchFuture;
    private PgStatement statement;
    private boolean preparing;
    private boolean retried;
    private PgRowSet rows;
    private PgColumns unnamedColumns;
    private String command;
    private long[] affected;
    private int completed;

    /** A single execution. */
    PgExtendedQuery(String sql, Object[] params, PgLimits limits, Trace trace) {
        super(trace);
        this.sql = sql;
        this.limits = limits;
        this.params = params;
        this.batch = null;
        this.future = new CompletableFuture<>();
        this.batchFuture = null;
    }

    /** A batch: one execution per parameter set, one Sync (so it is atomic when not in a transaction). */
    PgExtendedQuery(String sql, List<Object[]> batch, PgLimits limits, Trace trace) {
        super(trace);
        this.sql = sql;
        this.limits = limits;
        this.params = null;
        this.batch = batch;
        this.future = null;
        this.batchFuture = new CompletableFuture<>();
    }

    @Override
    void write(PgConnection c) {
        if (!c.statements().enabled()) {
            writeUnnamed(c);
            return;
        }
        statement = c.statements().get(sql);
        if (statement == null) {
            statement = c.statements().add(sql);
            PgMessageWriter out = c.out();
            out.parse(statement.name, sql, new int[0]);
            out.describe((byte) 'S', statement.name);
            out.sync();
            preparing = true;
            c.hold();
            return;
        }
        writeExecutions(c);
    }

    private void writeExecutions(PgConnection c) {
        PgMessageWriter out = c.out();
        if (batch == null) {
            bind(out, statement, params);
            out.execute("", 0);
        } else {
            for (Object[] set : batch) {
                bind(out, statement, set);
                out.execute("", 0);
            }
        }
        out.sync();
    }

    private static void bind(PgMessageWriter out, PgStatement st, Object[] values) {
        if (values.length != st.parameterTypes.length) {
            throw new IllegalArgumentException("the statement has " + st.parameterTypes.length + " parameter(s); "
                    + values.length + " given");
        }
        int at = out.beginBind("", st.name, st.parameterFormats);
        for (int i = 0; i < values.length; i++) {
            PgParamEncoder.encode(i, st.parameterTypes[i], values[i], out);
        }
        out.endBind(at, st.resultFormats);
    }

    private void writeUnnamed(PgConnection c) {
        PgMessageWriter out = c.out();
        Object[][] sets = batch == null ? new Object[][] {params} : batch.toArray(new Object[0][]);
        int[] types = new int[sets[0].length];
        for (int i = 0; i < types.length; i++) {
            types[i] = PgParamEncoder.inferType(sets[0][i]);
        }
        out.parse("", sql, types);
        short[] formats = new short[types.length];
        for (int i = 0; i < types.length; i++) {
            formats[i] = PgParamEncoder.format(types[i]);
        }
        for (Object[] set : sets) {
            if (set.length != types.length) {
                throw new IllegalArgumentException("every parameter set of a batch needs " + types.length + " values");
            }
            int at = out.beginBind("", "", formats);
            for (int i = 0; i < set.length; i++) {
                PgParamEncoder.encode(i, types[i], set[i], out);
            }
            out.endBind(at, ALL_TEXT);
            out.describe((byte) 'P', "");
            out.execute("", 0);
        }
        out.sync();
    }

    // ---------------------------------------------------------------- responses

    @Override
    void parseComplete() {
        // the statement exists now; its description follows
    }

    @Override
    void parameterDescription(int[] types) {
        if (!preparing) {
            throw unexpected("ParameterDescription");
        }
        statement.parameters(types);
    }

    @Override
    void rowDescription(PgConnection c, MemorySegment s, long body, int length) {
        PgColumns columns = PgColumns.parse(s, body, length);
        if (preparing) {
            statement.columns(columns);
        } else if (!c.statements().enabled()) {
            unnamedColumns = columns; // Describe P: the formats are the ones Bind asked for (text)
        } else {
            throw unexpected("RowDescription");
        }
    }

    @Override
    void noData() {
        if (preparing) {
            statement.columns(PgColumns.none());
        } else {
            unnamedColumns = PgColumns.none();
        }
    }

    @Override
    void bindComplete() {
        rows = null;
    }

    @Override
    void dataRow(PgConnection c, MemorySegment s, long body, int length) {
        if (rows == null) {
            PgColumns columns = statement != null ? statement.columns : unnamedColumns;
            if (columns == null) {
                throw unexpected("DataRow before the columns were described");
            }
            rows = new PgRowSet(columns, limits, c.rowScratch);
        }
        rows.add(s, body, length);
    }

    @Override
    void commandComplete(String tag) {
        command = tag;
        if (rows != null && future != null) {
            rows.complete();
        }
        if (batch != null) {
            if (affected == null) {
                affected = new long[batch.size()];
            }
            affected[completed] = PgResult.rowsAffected(command);
        }
        completed++;
    }

    @Override
    void emptyQuery() {
        command = "";
        completed++;
    }

    @Override
    boolean readyForQuery(PgConnection c, byte status) {
        if (preparing) {
            preparing = false;
            c.release();
            if (error != null) {
                c.statements().forget(statement);
                finishWithError();
                c.writeWaiting();
                return true;
            }
            statement.ready = true;
            int mark = c.out().size();
            try {
                writeExecutions(c);
            } catch (RuntimeException e) {
                c.out().truncate(mark);
                complete(e);
                c.writeWaiting();
                return true;
            }
            c.flushOut();
            c.writeWaiting();
            return false;
        }
        if (error != null) {
            if (!retried && statement != null && "0A000".equals(error.sqlState())
                    && ROUTINE_REVALIDATE.equals(error.routine()) && status == 'I') {
                // The plan's result type changed under us (DDL): prepare again and retry once.
                c.statements().close(statement);
                c.flushOut();
                retried = true;
                error = null;
                statement = null;
                rows = null;
                completed = 0;
                c.resubmit(this);
                return true;
            }
            if (statement != null && "0A000".equals(error.sqlState())) {
                c.statements().close(statement); // in a transaction: fail now, prepare afresh next time
                c.flushOut();
            }
            finishWithError();
            return true;
        }
        complete(null);
        return true;
    }

    private void finishWithError() {
        complete(exception());
    }

    private void complete(Throwable failure) {
        if (failure != null) {
            if (future != null) {
                future.completeExceptionally(failure);
            } else {
                batchFuture.completeExceptionally(failure);
            }
            return;
        }
        if (future != null) {
            PgColumns columns = statement != null ? statement.columns : unnamedColumns;
            PgRowSet set = rows != null ? rows.complete() : new PgRowSet(columns == null ? PgColumns.none() : columns,
                    limits);
            String tag = command == null ? "" : command;
            future.complete(new PgResult(set, tag, PgResult.rowsAffected(tag)));
        } else {
            batchFuture.complete(affected == null ? new long[0] : affected);
        }
    }

    @Override
    void fail(Throwable cause) {
        complete(cause);
    }
}
