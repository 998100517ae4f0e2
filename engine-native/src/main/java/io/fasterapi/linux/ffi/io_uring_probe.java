// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Header of the {@code IORING_REGISTER_PROBE} result; {@code ops[]} (8 bytes each: op, resv, flags, resv2) follows it.
 * {@snippet lang=c :
 * struct io_uring_probe { __u8 last_op; __u8 ops_len; __u16 resv; __u32 resv2[3]; struct io_uring_probe_op ops[]; };
 * struct io_uring_probe_op { __u8 op; __u8 resv; __u16 flags; __u32 resv2; };
 * }
 */
public final class io_uring_probe {
    private io_uring_probe() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_BYTE.withName("last_op"),
            ValueLayout.JAVA_BYTE.withName("ops_len"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("resv"),
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_INT_UNALIGNED).withName("resv2")
    ).withName("io_uring_probe");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long last_op$OFFSET = $LAYOUT.byteOffset(groupElement("last_op"));

    /** Byte offset of {@code last_op}. */
    public static long last_op$offset() {
        return last_op$OFFSET;
    }

    /** Reads {@code last_op}. */
    public static byte last_op(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_BYTE, last_op$OFFSET);
    }

    /** Writes {@code last_op}. */
    public static void last_op(MemorySegment struct, byte value) {
        struct.set(ValueLayout.JAVA_BYTE, last_op$OFFSET, value);
    }

    private static final long ops_len$OFFSET = $LAYOUT.byteOffset(groupElement("ops_len"));

    /** Byte offset of {@code ops_len}. */
    public static long ops_len$offset() {
        return ops_len$OFFSET;
    }

    /** Reads {@code ops_len}. */
    public static byte ops_len(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_BYTE, ops_len$OFFSET);
    }

    /** Writes {@code ops_len}. */
    public static void ops_len(MemorySegment struct, byte value) {
        struct.set(ValueLayout.JAVA_BYTE, ops_len$OFFSET, value);
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

    private static final long resv2$OFFSET = $LAYOUT.byteOffset(groupElement("resv2"));

    /** Byte offset of {@code resv2}. */
    public static long resv2$offset() {
        return resv2$OFFSET;
    }

}
