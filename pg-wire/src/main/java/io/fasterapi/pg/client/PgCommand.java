package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgError;
import io.fasterapi.pg.protocol.PgProtocolException;

import java.lang.foreign.MemorySegment;

/**
 * One request on a connection, from the messages it writes to the ReadyForQuery that ends it. Commands sit in
 * the connection's FIFO in the order their messages went on the wire, and backend messages go to the head
 * (that FIFO is the pipelining). Each ends with its own Sync, so an error fails it and nothing else.
 * Owned by the connection's loop.
 */
abstract class PgCommand {
    /** The ErrorResponse of this command, if one came. */
    PgError error;
    /** Where the caller asked (for the stack of a PgException raised on the loop). */
    final Throwable origin;

    /** Whether a command records where it was issued. */
    enum Trace {
        /** The caller's stack is kept (one Throwable per command) and becomes the PgException's cause. */
        CAPTURE,
        /** Nothing is kept: a PgException's stack is the loop's. */
        NONE
    }

    PgCommand(Trace trace) {
        this.origin = trace == Trace.CAPTURE ? new Throwable("query issued here") : null;
    }

    /** Writes this command's messages; may throw to refuse (nothing written then). */
    abstract void write(PgConnection c);

    /** ReadyForQuery arrived for this command's Sync: returns true when the command is finished. */
    abstract boolean readyForQuery(PgConnection c, byte status);

    /** The connection failed or closed before the command finished. */
    abstract void fail(Throwable cause);

    void rowDescription(PgConnection c, MemorySegment s, long body, int length) {
        throw unexpected("RowDescription");
    }

    void dataRow(PgConnection c, MemorySegment s, long body, int length) {
        throw unexpected("DataRow");
    }

    void commandComplete(String tag) {
        throw unexpected("CommandComplete");
    }

    void emptyQuery() {
        throw unexpected("EmptyQueryResponse");
    }

    void parseComplete() {
        throw unexpected("ParseComplete");
    }

    void bindComplete() {
        throw unexpected("BindComplete");
    }

    void noData() {
        throw unexpected("NoData");
    }

    void portalSuspended(PgConnection c) {
        throw unexpected("PortalSuspended");
    }

    void parameterDescription(int[] types) {
        throw unexpected("ParameterDescription");
    }

    void copyResponse(PgConnection c, byte kind, int format, int columns) {
        throw unexpected("CopyResponse");
    }

    void copyData(MemorySegment s, long body, int length) {
        throw unexpected("CopyData");
    }

    void copyDone() {
        throw unexpected("CopyDone");
    }

    void error(PgError e) {
        if (error == null) {
            error = e;
        }
    }

    /** The error as the exception the caller sees. */
    PgException exception() {
        return origin == null ? new PgException(error) : new PgException(error, origin);
    }

    final PgProtocolException unexpected(String message) {
        return new PgProtocolException("unexpected_message", message + " during " + getClass().getSimpleName());
    }
}
