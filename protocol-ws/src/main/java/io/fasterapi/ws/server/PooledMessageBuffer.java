package io.fasterapi.ws.server;

import io.fasterapi.io.BufferPool;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.ws.codec.WsMessageBuffer;

import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * A {@link WsMessageBuffer} on the event loop's {@link BufferPool}: a buffer of at least 1 KiB taken at the
 * first append, doubled when it is full, given back after each message. Owned by one session, on its loop.
 */
final class PooledMessageBuffer implements WsMessageBuffer {
    private static final int FIRST_CAPACITY = 1024;

    /** The loop's pool (known once the connection opens). */
    private final Supplier<BufferPool> pool;
    private IoBuffer message;

    PooledMessageBuffer(Supplier<BufferPool> pool) {
        this.pool = pool;
    }

    @Override
    public void append(MemorySegment data, long offset, int length) {
        if (message == null) {
            message = pool.get().allocate(Math.max(length, FIRST_CAPACITY));
        } else if (message.writableBytes() < length) {
            IoBuffer bigger = pool.get().allocate(Math.max(message.readableBytes() + length, message.capacity() * 2));
            bigger.writeBytes(message.segment(), message.readerIndex(), message.readableBytes());
            message.release();
            message = bigger;
        }
        message.writeBytes(data, offset, length);
    }

    @Override
    public MemorySegment segment() {
        return message.segment();
    }

    @Override
    public long offset() {
        return message.readerIndex();
    }

    @Override
    public int length() {
        return message.readableBytes();
    }

    @Override
    public void release() {
        if (message != null) {
            message.release();
            message = null;
        }
    }
}
