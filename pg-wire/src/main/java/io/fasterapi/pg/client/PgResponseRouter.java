package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgBackendSink;
import io.fasterapi.pg.protocol.PgProtocolException;

import java.lang.foreign.MemorySegment;

/**
 * The part of a connection's backend sink that hands each response to a command to the command at the head
 * of the FIFO: the server answers commands in the order their messages went on the wire, so that head is the
 * one it answers now (the FIFO is the pipelining). A response with no command in flight is refused, as is
 * one the command does not expect ({@link PgCommand}). The connection handles the other messages: start-up,
 * ReadyForQuery, errors, notices and notifications. Owned by the connection's loop.
 */
abstract class PgResponseRouter implements PgBackendSink {
    private final PgCommandTags tags = new PgCommandTags();

    /** The command the server answers now; null when none is in flight. */
    abstract PgCommand head();

    /** The connection the commands run on. */
    abstract PgConnection connection();

    final PgCommand current(String message) {
        PgCommand command = head();
        if (command == null) {
            throw new PgProtocolException("unexpected_message", message + " with no command in flight");
        }
        return command;
    }

    @Override
    public void onRowDescription(MemorySegment s, long offset, int length) {
        current("RowDescription").rowDescription(connection(), s, offset, length);
    }

    @Override
    public void onDataRow(MemorySegment s, long offset, int length) {
        current("DataRow").dataRow(connection(), s, offset, length);
    }

    @Override
    public void onCommandComplete(MemorySegment s, long offset, int length) {
        current("CommandComplete").commandComplete(tags.tag(s, offset, length));
    }

    @Override
    public void onEmptyQuery() {
        current("EmptyQueryResponse").emptyQuery();
    }

    @Override
    public void onParseComplete() {
        current("ParseComplete").parseComplete();
    }

    @Override
    public void onBindComplete() {
        current("BindComplete").bindComplete();
    }

    @Override
    public void onCloseComplete() {
        // answers the Close of an evicted statement (PgStatementCache): nothing to do
    }

    @Override
    public void onNoData() {
        current("NoData").noData();
    }

    @Override
    public void onPortalSuspended() {
        current("PortalSuspended").portalSuspended(connection());
    }

    @Override
    public void onParameterDescription(int[] types) {
        current("ParameterDescription").parameterDescription(types);
    }

    @Override
    public void onCopyResponse(byte kind, int overallFormat, int columns) {
        current("CopyResponse").copyResponse(connection(), kind, overallFormat, columns);
    }

    @Override
    public void onCopyData(MemorySegment s, long offset, int length) {
        current("CopyData").copyData(s, offset, length);
    }

    @Override
    public void onCopyDone() {
        current("CopyDone").copyDone();
    }
}
