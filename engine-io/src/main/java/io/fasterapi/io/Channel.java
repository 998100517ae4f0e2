package io.fasterapi.io;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * A byte stream owned by one {@link EventLoop}: what every protocol reads and writes, and all it knows of
 * the connection under it. A socket connection implements it, and so will a TLS session over another channel
 * (the protocol above sees plaintext and cannot tell the difference).
 *
 * <p>Input arrives through the channel's {@link ConnectionHandler}. Output goes into a chain of pooled
 * off-heap buffers and leaves on {@link #flush()}, at the end of the loop's turn, gathered into one send
 * with every other flush of the turn. Back-pressure: once more than {@link EngineConfig#writeHighWaterMarkBytes()}
 * are pending, {@link #isWritable()} is false until the peer has taken enough to fall below the low water
 * mark, when {@link ConnectionHandler#onWritable} runs; a handler that produces output from input should
 * {@link #pauseReading()} meanwhile.
 *
 * <p>Threading: owned by its loop. {@link #close()} and {@link #abort()} may be called from any thread (they
 * hop to the loop); every other method must be called on the loop thread ({@link EventLoop#execute} gets
 * there) and throws {@link IllegalStateException} elsewhere.
 */
public interface Channel {

    /** The loop that owns this channel. */
    EventLoop loop();

    /** The peer's address, or null once it cannot be known (the socket is gone). */
    SocketAddress remoteAddress();

    /** This side's address, or null once it cannot be known. */
    SocketAddress localAddress();

    /** Whether reads and writes still flow (false once closing has begun). */
    boolean isOpen();

    /** Whether the peer has closed its side. */
    boolean isInputClosed();

    /** The handler; replaceable, for example after a protocol upgrade. */
    ConnectionHandler handler();

    /**
     * Replaces the handler, for example after a protocol upgrade. Input already received and not consumed by
     * the old handler is delivered to the new one (on a later task). Loop thread only.
     */
    void handler(ConnectionHandler handler);

    /** Whatever the protocol keeps with the channel; null until set. */
    Object attachment();

    void attachment(Object attachment);

    /**
     * A buffer at the end of the output chain with at least {@code minWritableBytes} free; write into it at
     * its writer index, then {@link #flush()}. The channel keeps ownership.
     */
    IoBuffer outbound(int minWritableBytes);

    /** Copies {@code source[offset, offset + length)} into the output chain. */
    void write(MemorySegment source, long offset, long length);

    /** Copies {@code bytes} into the output chain. */
    default void write(byte[] bytes) {
        write(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    /**
     * Appends {@code buffer}'s readable bytes to the output chain without copying; the channel takes
     * ownership and releases it once sent (or when the channel closes).
     */
    void write(IoBuffer buffer);

    /** Sends what was written, at the end of the loop's current turn (with every other flush of the turn). */
    void flush();

    /** False while more than the high water mark of output is pending. */
    boolean isWritable();

    /** Bytes written and not yet taken by the layer below (the kernel, for a socket). */
    long pendingOutboundBytes();

    /** Stops delivering input (and stops reading from below) until {@link #resumeReading()}. */
    void pauseReading();

    /**
     * Resumes reading. Input kept while paused is delivered first, and reading from below resumes only once
     * that backlog is gone (or the handler needs more bytes than it holds).
     */
    void resumeReading();

    /** Whether reading is paused. */
    boolean isReadingPaused();

    /** Ends output once pending output is sent (FIN for a socket); input keeps flowing. */
    void shutdownOutput();

    /**
     * Closes gracefully: sends pending output, ends output, then drains the peer's input until it closes too
     * or {@link EngineConfig#lingerTimeoutMillis()} passes. Idempotent; any thread.
     */
    void close();

    /** Closes at once: pending output is dropped and the peer is reset. Idempotent; any thread. */
    void abort();
}
