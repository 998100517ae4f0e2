package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;

/**
 * Memory for the bytes of one message that cannot be handed out in place (it spans reads, fragments, or is
 * inflated), provided by the glue: on the engine, a buffer from the loop's pool taken at the first
 * {@link #append} and given back at {@link #release}. Holds at most one message at a time.
 *
 * <p>Owned by one {@link WsMessageAssembler}; not thread-safe.
 */
public interface WsMessageBuffer {
    /** Appends {@code data[offset, offset + length)} (copied), taking or growing memory as needed. */
    void append(MemorySegment data, long offset, int length);

    /** The bytes appended so far: {@code segment()[offset(), offset() + length())}, valid until the next call. */
    MemorySegment segment();

    long offset();

    int length();

    /** Forgets the bytes and gives the memory back; a later {@link #append} starts a new message. Idempotent. */
    void release();
}
