package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;

/**
 * What {@link PgBackendParser} reports, one call per backend message. Views ({@code segment, offset,
 * length}) are valid during the call only: whoever keeps a value copies it. Called on the connection's
 * thread.
 */
public interface PgBackendSink {

    /** Authentication request ({@code 'R'}): the code (0 ok, 3 cleartext, 5 MD5, 10 SASL, 11 SASLContinue, 12 SASLFinal) and the bytes after it. */
    void onAuthentication(int code, MemorySegment segment, long offset, int length);

    /** ParameterStatus ({@code 'S'}). */
    void onParameterStatus(String name, String value);

    /** BackendKeyData ({@code 'K'}): what a CancelRequest needs. */
    void onBackendKeyData(int processId, int secretKey);

    /** ReadyForQuery ({@code 'Z'}): {@code 'I'} idle, {@code 'T'} in a transaction, {@code 'E'} in a failed one. */
    void onReadyForQuery(byte transactionStatus);

    /** RowDescription ({@code 'T'}): the message body (see {@link PgColumns#parse}). */
    void onRowDescription(MemorySegment segment, long offset, int length);

    /** DataRow ({@code 'D'}): the message body, {@code Int16 columns, (Int32 length or -1, bytes)*}. */
    void onDataRow(MemorySegment segment, long offset, int length);

    /** CommandComplete ({@code 'C'}): the tag, without its NUL ({@code "INSERT 0 1"}, {@code "SELECT 5"}). */
    void onCommandComplete(MemorySegment segment, long offset, int length);

    /** EmptyQueryResponse ({@code 'I'}). */
    void onEmptyQuery();

    /** ErrorResponse ({@code 'E'}). */
    void onError(PgError error);

    /** NoticeResponse ({@code 'N'}). */
    void onNotice(PgError notice);

    /** ParseComplete ({@code '1'}). */
    void onParseComplete();

    /** BindComplete ({@code '2'}). */
    void onBindComplete();

    /** CloseComplete ({@code '3'}). */
    void onCloseComplete();

    /** NoData ({@code 'n'}): the statement returns no rows. */
    void onNoData();

    /** PortalSuspended ({@code 's'}): Execute's row limit was reached. */
    void onPortalSuspended();

    /** ParameterDescription ({@code 't'}): parameter type OIDs. */
    void onParameterDescription(int[] types);

    /** CopyInResponse ({@code 'G'}), CopyOutResponse ({@code 'H'}), CopyBothResponse ({@code 'W'}): {@code 0} text, {@code 1} binary. */
    void onCopyResponse(byte kind, int overallFormat, int columns);

    /** CopyData ({@code 'd'}) from the server. */
    void onCopyData(MemorySegment segment, long offset, int length);

    /** CopyDone ({@code 'c'}) from the server. */
    void onCopyDone();

    /** NotificationResponse ({@code 'A'}). */
    void onNotification(int processId, String channel, String payload);

    /** NegotiateProtocolVersion ({@code 'v'}): the newest minor version the server speaks, options it did not recognise. */
    void onNegotiateProtocolVersion(int newestMinor, String[] unrecognizedOptions);
}
