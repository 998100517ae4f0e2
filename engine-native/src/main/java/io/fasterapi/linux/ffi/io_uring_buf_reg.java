// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Argument of {@code IORING_REGISTER_PBUF_RING} / {@code IORING_UNREGISTER_PBUF_RING}.
 * {@snippet lang=c :
 * struct io_uring_buf_reg {
 *     __u64 ring_addr; __u32 ring_entries; __u16 bgid;
 *     __u16 flags; // pad before 6.12
 *     __u64 resv[3];
 * };
 * }
 */
public final class io_uring_buf_reg {
    private io_uring_buf_reg() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("ring_addr"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("ring_entries"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("bgid"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("flags"),
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_LONG_UNALIGNED).withName("resv")
    ).withName("io_uring_buf_reg");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long ring_addr$OFFSET = $LAYOUT.byteOffset(groupElement("ring_addr"));

    /** Byte offset of {@code ring_addr}. */
    public static long ring_addr$offset() {
        return ring_addr$OFFSET;
    }

    /** Reads {@code ring_addr}. */
    public static long ring_addr(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, ring_addr$OFFSET);
    }

    /** Writes {@code ring_addr}. */
    public static void ring_addr(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, ring_addr$OFFSET, value);
    }

    private static final long ring_entries$OFFSET = $LAYOUT.byteOffset(groupElement("ring_entries"));

    /** Byte offset of {@code ring_entries}. */
    public static long ring_entries$offset() {
        return ring_entries$OFFSET;
    }

    /** Reads {@code ring_entries}. */
    public static int ring_entries(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, ring_entries$OFFSET);
    }

    /** Writes {@code ring_entries}. */
    public static void ring_entries(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, ring_entries$OFFSET, value);
    }

    private static final long bgid$OFFSET = $LAYOUT.byteOffset(groupElement("bgid"));

    /** Byte offset of {@code bgid}. */
    public static long bgid$offset() {
        return bgid$OFFSET;
    }

    /** Reads {@code bgid}. */
    public static short bgid(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, bgid$OFFSET);
    }

    /** Writes {@code bgid}. */
    public static void bgid(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, bgid$OFFSET, value);
    }

    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

    /** Byte offset of {@code flags}. */
    public static long flags$offset() {
        return flags$OFFSET;
    }

    /** Reads {@code flags}. */
    public static short flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, flags$OFFSET);
    }

    /** Writes {@code flags}. */
    public static void flags(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, flags$OFFSET, value);
    }

    private static final long resv$OFFSET = $LAYOUT.byteOffset(groupElement("resv"));

    /** Byte offset of {@code resv}. */
    public static long resv$offset() {
        return resv$OFFSET;
    }

}
