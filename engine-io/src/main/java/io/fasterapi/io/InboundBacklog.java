package io.fasterapi.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Input a channel holds for its handler: bytes the handler left unconsumed (it needs more to make
 * progress), or bytes that arrived while reading was paused. Bounded by {@code maxBytes}
 * ({@link EngineConfig#maxPendingInboundBytes()}): a peer cannot grow it without limit. A TLS channel keeps
 * one for decrypted bytes, as the socket connection keeps one for received bytes.
 *
 * <p>Owned by one event loop; not thread-safe.
 */
public final class InboundBacklog {

    /**
     * What the backlog holds. Transitions: {@code EMPTY -> HELD} (the handler consumed part of a read),
     * {@code EMPTY|HELD -> KEPT} (bytes arrived while paused), {@code KEPT -> HELD} (everything was offered
     * and the handler still needs more), {@code * -> EMPTY} (all consumed, or released).
     */
    public enum State {
        /** Nothing held. */
        EMPTY,
        /** The handler was offered these bytes and needs more before it can consume them. */
        HELD,
        /** Bytes not yet offered to the handler (received while paused): read no more from below until offered. */
        KEPT
    }

    private final BufferPool pool;
    private final int maxBytes;
    private IoBuffer buffer;
    private State state = State.EMPTY;

    public InboundBacklog(BufferPool pool, int maxBytes) {
        this.pool = pool;
        this.maxBytes = maxBytes;
    }

    public State state() {
        return state;
    }

    public boolean isEmpty() {
        return state == State.EMPTY;
    }

    /** The held bytes, in {@code [readerIndex, writerIndex)}; null when empty. */
    public IoBuffer buffer() {
        return buffer;
    }

    /**
     * Appends {@code data[offset, offset + length)}; {@code offered} says whether the handler has seen these
     * bytes already (it consumed less than it was given) or not (they arrived while paused). Throws
     * {@link IOException} past {@code maxBytes}, holding what it held before.
     */
    public void append(MemorySegment data, long offset, int length, boolean offered) throws IOException {
        IoBuffer in = buffer;
        if (in == null) {
            in = pool.allocate(length);
            buffer = in;
        } else if (in.writableBytes() < length) {
            int needed = in.readableBytes() + length;
            if (needed > maxBytes) {
                throw new IOException("peer sent " + needed + " bytes the handler did not consume (limit "
                        + maxBytes + ", maxPendingInboundBytes)");
            }
            if (in.readerIndex() > 0 && in.capacity() >= needed) {
                in.compact();
            } else {
                IoBuffer bigger = pool.allocate(Math.max(needed, in.capacity() * 2));
                bigger.writeBytes(in.segment(), in.readerIndex(), in.readableBytes());
                in.release();
                in = bigger;
                buffer = in;
            }
        }
        in.writeBytes(data, offset, length);
        if (!offered) {
            state = State.KEPT;
        } else if (state == State.EMPTY) {
            state = State.HELD;
        }
    }

    /** The handler consumed {@code n} of the held bytes; an emptied backlog releases its buffer. */
    public void consumed(int n) {
        IoBuffer in = buffer;
        in.skip(n);
        if (!in.isReadable()) {
            release();
        }
    }

    /** Everything held was offered to the handler: what is left (if anything) is what it needs more for. */
    public void allOffered() {
        if (state == State.KEPT) {
            state = State.HELD;
        }
    }

    /** Drops what is held. */
    public void release() {
        IoBuffer in = buffer;
        state = State.EMPTY;
        if (in != null) {
            buffer = null;
            in.release();
        }
    }
}
