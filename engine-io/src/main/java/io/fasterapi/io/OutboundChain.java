package io.fasterapi.io;

import java.lang.foreign.MemorySegment;

/**
 * Output waiting to leave a channel: a chain of pooled buffers, sent from the head and written at the tail,
 * with the water marks that drive back-pressure. The socket connection keeps one for the bytes the kernel has
 * not taken; a TLS channel keeps one for its plaintext (records not yet encrypted) and hands ciphertext to the
 * channel below.
 *
 * <p>Bytes written straight into the tail buffer (through {@link #outbound}) are counted lazily, at the next
 * call that needs the total: no bookkeeping per write.
 *
 * <p>Owned by one event loop; not thread-safe. Every buffer in the chain is owned by the chain until
 * {@link #consumed} or {@link #releaseAll} releases it.
 */
public final class OutboundChain {
    private final BufferPool pool;
    private final int chunkBytes;
    private final long highWaterMarkBytes;
    private final long lowWaterMarkBytes;
    private IoBuffer head;
    private IoBuffer tail;
    /** How much of {@link #tail}'s written bytes are already counted in {@link #pendingBytes}. */
    private int tailCounted;
    private long pendingBytes;
    /** Above the high water mark, and not yet back below the low one. */
    private boolean aboveHighWater;

    /**
     * A chain whose new buffers come from {@code pool} in chunks of {@code chunkBytes}; not writable above
     * {@code highWaterMarkBytes} pending until back at {@code lowWaterMarkBytes}.
     */
    public OutboundChain(BufferPool pool, int chunkBytes, long highWaterMarkBytes, long lowWaterMarkBytes) {
        this.pool = pool;
        this.chunkBytes = chunkBytes;
        this.highWaterMarkBytes = highWaterMarkBytes;
        this.lowWaterMarkBytes = lowWaterMarkBytes;
    }

    /** A chain with the engine's chunk size and water marks. */
    public static OutboundChain create(BufferPool pool, EngineConfig config) {
        return new OutboundChain(pool, config.outboundChunkBytes(), config.writeHighWaterMarkBytes(),
                config.writeLowWaterMarkBytes());
    }

    /** A buffer at the tail with at least {@code minWritableBytes} free; the chain keeps ownership. */
    public IoBuffer outbound(int minWritableBytes) {
        IoBuffer t = tail;
        if (t != null && t.writableBytes() >= minWritableBytes) {
            return t;
        }
        IoBuffer buffer = pool.allocate(Math.max(minWritableBytes, chunkBytes));
        append(buffer);
        return buffer;
    }

    /** Copies {@code source[offset, offset + length)} to the tail. */
    public void write(MemorySegment source, long offset, long length) {
        long done = 0;
        while (done < length) {
            IoBuffer t = tail;
            if (t == null || t.writableBytes() == 0) {
                t = pool.allocate(chunkBytes);
                append(t);
            }
            int n = (int) Math.min(t.writableBytes(), length - done);
            t.writeBytes(source, offset + done, n);
            done += n;
        }
    }

    /** Appends {@code buffer}'s readable bytes without copying; the chain takes ownership (an empty one is released). */
    public void write(IoBuffer buffer) {
        if (!buffer.isReadable()) {
            buffer.release();
            return;
        }
        append(buffer);
    }

    /** The first buffer to send, from its reader index along {@link IoBuffer#next()}; null when empty. */
    public IoBuffer head() {
        sync();
        return head;
    }

    /** Bytes written and not yet consumed. */
    public long pendingBytes() {
        sync();
        return pendingBytes;
    }

    /** False from the moment more than the high water mark is pending until it is back at the low one. */
    public boolean isWritable() {
        sync();
        return !aboveHighWater;
    }

    /**
     * {@code bytes} from the head were sent (taken by the kernel, or encrypted): their buffers are released.
     * Returns true when this brought the chain back below the low water mark after it had been above the
     * high one: the owner tells its handler {@code onWritable}.
     */
    public boolean consumed(long bytes) {
        dropEmptyHeads();
        long remaining = bytes;
        while (remaining > 0) {
            IoBuffer h = head;
            int readable = h.readableBytes();
            if (remaining < readable) {
                h.skip((int) remaining);
                break;
            }
            remaining -= readable;
            head = h.next;
            if (h == tail) {
                tail = null;
                tailCounted = 0;
            }
            h.release();
        }
        pendingBytes -= bytes;
        dropEmptyHeads();
        if (aboveHighWater && pendingBytes <= lowWaterMarkBytes) {
            aboveHighWater = false;
            return true;
        }
        return false;
    }

    /** Buffers before the tail with nothing left to send (a caller took room it did not use) are released. */
    private void dropEmptyHeads() {
        IoBuffer h = head;
        while (h != null && h != tail && !h.isReadable()) {
            head = h.next;
            h.release();
            h = head;
        }
    }

    /** Releases every buffer (the channel closed); the chain is empty and writable again. */
    public void releaseAll() {
        IoBuffer b = head;
        head = null;
        tail = null;
        tailCounted = 0;
        pendingBytes = 0;
        aboveHighWater = false;
        while (b != null) {
            IoBuffer next = b.next;
            b.release();
            b = next;
        }
    }

    private void append(IoBuffer buffer) {
        sync();
        buffer.next = null;
        if (tail == null) {
            head = buffer;
        } else {
            tail.next = buffer;
        }
        tail = buffer;
        tailCounted = buffer.readerIndex();
        sync();
    }

    /** Counts bytes written straight into the tail buffer since the last look. */
    private void sync() {
        IoBuffer t = tail;
        if (t != null && t.writerIndex() != tailCounted) {
            pendingBytes += t.writerIndex() - tailCounted;
            tailCounted = t.writerIndex();
            if (!aboveHighWater && pendingBytes > highWaterMarkBytes) {
                aboveHighWater = true;
            }
        }
    }
}
