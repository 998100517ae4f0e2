// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * One entry of a provided-buffer ring. The ring's tail is the {@code resv} field of entry 0 (byte 14).
 * {@snippet lang=c :
 * struct io_uring_buf { __u64 addr; __u32 len; __u16 bid; __u16 resv; };
 * }
 */
public final class io_uring_buf {
    private io_uring_buf() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("addr"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("len"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("bid"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("resv")
    ).withName("io_uring_buf");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long addr$OFFSET = $LAYOUT.byteOffset(groupElement("addr"));

    /** Byte offset of {@code addr}. */
    public static long addr$offset() {
        return addr$OFFSET;
    }

    /** Reads {@code addr}. */
    public static long addr(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, addr$OFFSET);
    }

    /** Writes {@code addr}. */
    public static void addr(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, addr$OFFSET, value);
    }

    private static final long len$OFFSET = $LAYOUT.byteOffset(groupElement("len"));

    /** Byte offset of {@code len}. */
    public static long len$offset() {
        return len$OFFSET;
    }

    /** Reads {@code len}. */
    public static int len(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, len$OFFSET);
    }

    /** Writes {@code len}. */
    public static void len(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, len$OFFSET, value);
    }

    private static final long bid$OFFSET = $LAYOUT.byteOffset(groupElement("bid"));

    /** Byte offset of {@code bid}. */
    public static long bid$offset() {
        return bid$OFFSET;
    }

    /** Reads {@code bid}. */
    public static short bid(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, bid$OFFSET);
    }

    /** Writes {@code bid}. */
    public static void bid(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, bid$OFFSET, value);
    }

    private static final long resv$OFFSET = $LAYOUT.byteOffset(groupElement("resv"));

    /** Byte offset of {@code resv}. */
    public static long resv$offset() {
        return resv$OFFSET;
    }

    /** Reads {@code resv}. */
    public static short resv(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, resv$OFFSET);
    }

    /** Writes {@code resv}. */
    public static void resv(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, resv$OFFSET, value);
    }

}
