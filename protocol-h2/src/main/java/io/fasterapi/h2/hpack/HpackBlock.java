package io.fasterapi.h2.hpack;

import java.util.Arrays;

/** A header block being encoded: a growable byte array, reused across blocks ({@link #clear()}). */
public final class HpackBlock {
    private byte[] bytes;
    private int size;

    public HpackBlock(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    void size(int value) {
        size = value;
    }

    public void clear() {
        size = 0;
    }

    void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /** The block's bytes, copied. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
