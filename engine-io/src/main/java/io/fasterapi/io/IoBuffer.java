package io.fasterapi.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * An off-heap buffer with a reader and a writer index, taken from an event loop's {@link BufferPool}.
 * Bytes in {@code [readerIndex, writerIndex)} are readable; {@code [writerIndex, capacity)} is writable.
 * Multi-byte values are big-endian (network order).
 *
 * <p>Ownership: exactly one owner at a time. Whoever allocates a buffer must either {@link #release()} it
 * or hand it to something that takes ownership (such as {@link Channel#write(IoBuffer)}); a buffer
 * must not be touched after release. Not thread-safe; release from another thread is handed to the
 * owning loop.
 */
public final class IoBuffer {
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment segment;
    private final BufferPool pool;
    /** Size class in the pool, or -1 for a buffer the pool does not keep. */
    final int sizeClass;
    /** Whether the pool counts this buffer as outstanding until it is released. */
    final boolean tracked;
    private int readerIndex;
    private int writerIndex;
    private boolean released;
    /** Link for intrusive queues (the connection's outbound chain). */
    IoBuffer next;
    /** A ByteBuffer over the whole segment, made once, for the NIO transport. */
    private ByteBuffer nioView;

    IoBuffer(MemorySegment segment, BufferPool pool, int sizeClass, boolean tracked) {
        this.segment = segment;
        this.pool = pool;
        this.sizeClass = sizeClass;
        this.tracked = tracked;
    }

    /** The whole buffer's memory; valid until {@link #release()}. */
    public MemorySegment segment() {
        return segment;
    }

    public int capacity() {
        return (int) segment.byteSize();
    }

    public int readerIndex() {
        return readerIndex;
    }

    public int writerIndex() {
        return writerIndex;
    }

    public int readableBytes() {
        return writerIndex - readerIndex;
    }

    public int writableBytes() {
        return capacity() - writerIndex;
    }

    public boolean isReadable() {
        return writerIndex > readerIndex;
    }

    public IoBuffer readerIndex(int index) {
        if (index < 0 || index > writerIndex) {
            throw new IndexOutOfBoundsException("readerIndex " + index + " outside [0, " + writerIndex + "]");
        }
        readerIndex = index;
        return this;
    }

    public IoBuffer writerIndex(int index) {
        if (index < readerIndex || index > capacity()) {
            throw new IndexOutOfBoundsException("writerIndex " + index + " outside [" + readerIndex + ", " + capacity() + "]");
        }
        writerIndex = index;
        return this;
    }

    /** Advances the reader index by {@code n} readable bytes. */
    public IoBuffer skip(int n) {
        return readerIndex(readerIndex + n);
    }

    /** Empties the buffer: both indexes to 0. */
    public IoBuffer clear() {
        readerIndex = 0;
        writerIndex = 0;
        return this;
    }

    /** Moves the readable bytes to the start of the buffer, making the space before them writable. */
    public IoBuffer compact() {
        int readable = readableBytes();
        if (readerIndex > 0 && readable > 0) {
            MemorySegment.copy(segment, readerIndex, segment, 0, readable);
        }
        readerIndex = 0;
        writerIndex = readable;
        return this;
    }

    // ---- writes at the writer index

    public IoBuffer writeByte(int value) {
        segment.set(ValueLayout.JAVA_BYTE, writerIndex, (byte) value);
        writerIndex++;
        return this;
    }

    public IoBuffer writeShort(int value) {
        segment.set(SHORT_BE, writerIndex, (short) value);
        writerIndex += 2;
        return this;
    }

    public IoBuffer writeInt(int value) {
        segment.set(INT_BE, writerIndex, value);
        writerIndex += 4;
        return this;
    }

    public IoBuffer writeLong(long value) {
        segment.set(LONG_BE, writerIndex, value);
        writerIndex += 8;
        return this;
    }

    public IoBuffer writeBytes(byte[] source) {
        return writeBytes(source, 0, source.length);
    }

    public IoBuffer writeBytes(byte[] source, int offset, int length) {
        MemorySegment.copy(source, offset, segment, ValueLayout.JAVA_BYTE, writerIndex, length);
        writerIndex += length;
        return this;
    }

    public IoBuffer writeBytes(MemorySegment source, long offset, int length) {
        MemorySegment.copy(source, offset, segment, writerIndex, length);
        writerIndex += length;
        return this;
    }

    /**
     * Writes each char of {@code text} as one byte (its low 8 bits): right for ASCII and Latin-1 text such as
     * HTTP header names and values; callers with other text must encode it first.
     */
    public IoBuffer writeLatin1(CharSequence text) {
        int length = text.length();
        if (length > writableBytes()) {
            throw new IndexOutOfBoundsException("need " + length + " bytes, " + writableBytes() + " writable");
        }
        for (int i = 0; i < length; i++) {
            segment.set(ValueLayout.JAVA_BYTE, writerIndex + i, (byte) text.charAt(i));
        }
        writerIndex += length;
        return this;
    }

    // ---- absolute reads

    public byte getByte(int index) {
        return segment.get(ValueLayout.JAVA_BYTE, index);
    }

    public int getUnsignedShort(int index) {
        return Short.toUnsignedInt(segment.get(SHORT_BE, index));
    }

    public int getInt(int index) {
        return segment.get(INT_BE, index);
    }

    public long getLong(int index) {
        return segment.get(LONG_BE, index);
    }

    /** Copies the readable bytes into a new array without moving the reader index. */
    public byte[] toByteArray() {
        return segment.asSlice(readerIndex, readableBytes()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Decodes the readable bytes without moving the reader index. */
    public String toString(Charset charset) {
        return new String(toByteArray(), charset);
    }

    /**
     * A ByteBuffer over the whole segment, made once per buffer, for NIO channels; its position and limit are
     * the caller's.
     */
    public ByteBuffer nioView() {
        ByteBuffer view = nioView;
        if (view == null) {
            view = segment.asByteBuffer();
            nioView = view;
        }
        return view;
    }

    /** The next buffer of the chain this buffer is in (an {@link OutboundChain}), or null. */
    public IoBuffer next() {
        return next;
    }

    /** Whether this buffer has been released. */
    public boolean isReleased() {
        return released;
    }

    /** Returns the buffer to its pool. Releasing twice throws {@link IllegalStateException}. */
    public void release() {
        if (released) {
            throw new IllegalStateException("buffer released twice");
        }
        pool.release(this);
    }

    /** The pool this buffer came from. */
    BufferPool pool() {
        return pool;
    }

    void markReleased(boolean value) {
        released = value;
        if (value) {
            next = null;
        } else {
            readerIndex = 0;
            writerIndex = 0;
        }
    }

    @Override
    public String toString() {
        return "IoBuffer[r=" + readerIndex + ", w=" + writerIndex + ", cap=" + capacity() + "]";
    }
}
