// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Argument of {@code io_uring_enter} with {@code IORING_ENTER_EXT_ARG}: {@code ts} points to a {@code __kernel_timespec}.
 * {@snippet lang=c :
 * struct io_uring_getevents_arg { __u64 sigmask; __u32 sigmask_sz; __u32 pad; __u64 ts; };
 * }
 */
public final class io_uring_getevents_arg {
    private io_uring_getevents_arg() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("sigmask"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("sigmask_sz"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("pad"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("ts")
    ).withName("io_uring_getevents_arg");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long sigmask$OFFSET = $LAYOUT.byteOffset(groupElement("sigmask"));

    /** Byte offset of {@code sigmask}. */
    public static long sigmask$offset() {
        return sigmask$OFFSET;
    }

    /** Reads {@code sigmask}. */
    public static long sigmask(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, sigmask$OFFSET);
    }

    /** Writes {@code sigmask}. */
    public static void sigmask(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, sigmask$OFFSET, value);
    }

    private static final long sigmask_sz$OFFSET = $LAYOUT.byteOffset(groupElement("sigmask_sz"));

    /** Byte offset of {@code sigmask_sz}. */
    public static long sigmask_sz$offset() {
        return sigmask_sz$OFFSET;
    }

    /** Reads {@code sigmask_sz}. */
    public static int sigmask_sz(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, sigmask_sz$OFFSET);
    }

    /** Writes {@code sigmask_sz}. */
    public static void sigmask_sz(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, sigmask_sz$OFFSET, value);
    }

    private static final long pad$OFFSET = $LAYOUT.byteOffset(groupElement("pad"));

    /** Byte offset of {@code pad}. */
    public static long pad$offset() {
        return pad$OFFSET;
    }

    /** Reads {@code pad}. */
    public static int pad(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, pad$OFFSET);
    }

    /** Writes {@code pad}. */
    public static void pad(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, pad$OFFSET, value);
    }

    private static final long ts$OFFSET = $LAYOUT.byteOffset(groupElement("ts"));

    /** Byte offset of {@code ts}. */
    public static long ts$offset() {
        return ts$OFFSET;
    }

    /** Reads {@code ts}. */
    public static long ts(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, ts$OFFSET);
    }

    /** Writes {@code ts}. */
    public static void ts(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, ts$OFFSET, value);
    }

}
