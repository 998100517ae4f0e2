package io.fasterapi.io;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IoBufferTest {
    private final BufferPool pool = new BufferPool(1 << 20, Runnable::run);

    @Test
    void multiByteValuesAreBigEndian() {
        IoBuffer b = pool.allocate(32);
        b.writeShort(0x0102).writeInt(0x03040506).writeLong(0x0708090A0B0C0D0EL).writeByte(0xFF);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, (byte) 0xFF}, b.toByteArray());
        assertEquals(0x0102, b.getUnsignedShort(0));
        assertEquals(0x03040506, b.getInt(2));
        assertEquals(0x0708090A0B0C0D0EL, b.getLong(6));
        b.release();
    }

    @Test
    void compactMovesUnreadBytesToTheFront() {
        IoBuffer b = pool.allocate(16);
        b.writeLatin1("abcdef").skip(4).compact();
        assertEquals(0, b.readerIndex());
        assertEquals("ef", b.toString(StandardCharsets.US_ASCII));
        assertEquals(b.capacity() - 2, b.writableBytes());
        b.release();
    }

    @Test
    void writesBeyondCapacityThrowInsteadOfOverrunning() {
        IoBuffer b = pool.allocate(512);
        b.writeBytes(new byte[510]);
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeInt(1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeLatin1("abc"));
        assertEquals(510, b.writerIndex(), "a failed write leaves the buffer as it was");
        b.release();
    }

    @Test
    void indexesAreChecked() {
        IoBuffer b = pool.allocate(8);
        b.writeInt(7);
        assertThrows(IndexOutOfBoundsException.class, () -> b.readerIndex(5));
        assertThrows(IndexOutOfBoundsException.class, () -> b.writerIndex(-1));
        b.release();
    }

    @Test
    void copiesFromSegments() {
        IoBuffer b = pool.allocate(8);
        MemorySegment source = MemorySegment.ofArray("xxhelloxx".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(source, 2, 5);
        assertEquals("hello", b.toString(StandardCharsets.US_ASCII));
        b.release();
    }
}
