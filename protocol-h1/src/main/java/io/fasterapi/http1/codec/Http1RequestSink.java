package io.fasterapi.http1.codec;

import java.lang.foreign.MemorySegment;

/**
 * Receives what {@link Http1RequestParser} parses. Callbacks allocate nothing; views are valid only during
 * the call that hands them out, so a sink that keeps anything copies it.
 */
public interface Http1RequestSink {

    /** The request head is complete (and valid). The body, if any, follows through {@link #onBody}. */
    void onHead(Http1RequestHead head);

    /** Body bytes {@code data[offset, offset + length)}, de-chunked; valid during the call only. */
    default void onBody(MemorySegment data, long offset, int length) {}

    /** One trailer field of a chunked body; offsets into {@code data}, valid during the call only. */
    default void onTrailer(MemorySegment data, long nameOffset, int nameLength, long valueOffset, int valueLength) {}

    /**
     * The request is complete. Return true to go on parsing pipelined requests in the same call, false to
     * stop after this one (the rest stays unconsumed).
     */
    boolean onComplete();
}
