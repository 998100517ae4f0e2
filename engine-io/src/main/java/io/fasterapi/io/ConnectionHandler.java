package io.fasterapi.io;

import java.lang.foreign.MemorySegment;

/**
 * What a protocol implements to sit on a {@link Channel} (a socket connection, or a TLS session over one).
 * All callbacks run on the channel's event loop thread, one at a time, and must not block. An exception
 * thrown from a callback aborts that channel (it is logged) and never the loop.
 */
public interface ConnectionHandler {

    /** The channel is established; writes are allowed from here on. */
    default void onOpen(Channel channel) {}

    /**
     * Bytes arrived: {@code data[offset, offset + length)}, valid only during this call (copy what must be
     * kept). Return how many bytes were consumed; the transport keeps the rest and presents it again, with
     * whatever arrives next appended, on the next call. Returning less than {@code length} therefore means
     * "I need more bytes". The memory outside the given range belongs to others: do not read or write it.
     */
    int onRead(Channel channel, MemorySegment data, long offset, int length);

    /** Pending output fell below the low water mark after {@link Channel#isWritable()} was false. */
    default void onWritable(Channel channel) {}

    /** The peer closed its side (EOF). The default closes the connection once pending output is sent. */
    default void onInputClosed(Channel channel) {
        channel.close();
    }

    /** The engine is shutting down gracefully: finish what is in flight; idle connections should close. */
    default void onShutdown(Channel channel) {}

    /** The connection is closed and its resources are released; {@code cause} is null for a clean close. */
    default void onClose(Channel channel, Throwable cause) {}
}
