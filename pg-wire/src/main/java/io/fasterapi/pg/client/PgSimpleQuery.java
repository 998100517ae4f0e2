package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgLimits;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The simple query protocol ({@code Query}): one or more statements, text results, one result per
 * statement. COPY is refused here (CopyFail; the copy methods handle it).
 */
final class PgSimpleQuery extends PgCommand {
    private final String sql;
    private final PgLimits limits;
    final CompletableFuture<List<PgResult>> future = new CompletableFuture<>();
    private final List<PgResult> results = new ArrayList<>(1);
    private PgRowSet rows;
    private boolean copyOut;

    PgSimpleQuery(String sql, PgLimits limits, Trace trace) {
        super(trace);
        this.sql = sql;
        this.limits = limits;
    }

    @Override
    void write(PgConnection c) {
        c.out().query(sql);
    }

    @Override
    void rowDescription(PgConnection c, MemorySegment s, long body, int length) {
        rows = new PgRowSet(PgColumns.parse(s, body, length), limits, c.rowScratch);
    }

    @Override
    void dataRow(PgConnection c, MemorySegment s, long body, int length) {
        if (rows == null) {
            throw unexpected("DataRow without RowDescription");
        }
        rows.add(s, body, length);
    }

    @Override
    void commandComplete(String command) {
        PgRowSet set = rows != null ? rows.complete() : new PgRowSet(PgColumns.none(), limits);
        results.add(new PgResult(set, command, PgResult.rowsAffected(command)));
        rows = null;
        copyOut = false;
    }

    @Override
    void emptyQuery() {
        results.add(new PgResult(new PgRowSet(PgColumns.none(), limits), "", 0));
    }

    @Override
    void copyResponse(PgConnection c, byte kind, int format, int columns) {
        if (kind == 'G') {
            c.out().copyFail("COPY FROM STDIN is not supported by query(); use copyIn()");
            c.flushOut();
        } else {
            copyOut = true; // the data is read and dropped; use copyOut() to get it
        }
    }

    @Override
    void copyData(MemorySegment s, long body, int length) {
        if (!copyOut) {
            throw unexpected("CopyData");
        }
    }

    @Override
    void copyDone() {
        // end of COPY TO STDOUT data; CommandComplete follows
    }

    @Override
    boolean readyForQuery(PgConnection c, byte status) {
        if (error != null) {
            future.completeExceptionally(exception());
        } else {
            future.complete(results);
        }
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
