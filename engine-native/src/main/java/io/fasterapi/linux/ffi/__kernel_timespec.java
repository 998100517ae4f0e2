// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Timeout for {@code IORING_ENTER_EXT_ARG} and {@code IORING_OP_TIMEOUT}.
 * {@snippet lang=c :
 * struct __kernel_timespec { long long tv_sec; long long tv_nsec; };
 * }
 */
public final class __kernel_timespec {
    private __kernel_timespec() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("tv_sec"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("tv_nsec")
    ).withName("__kernel_timespec");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long tv_sec$OFFSET = $LAYOUT.byteOffset(groupElement("tv_sec"));

    /** Byte offset of {@code tv_sec}. */
    public static long tv_sec$offset() {
        return tv_sec$OFFSET;
    }

    /** Reads {@code tv_sec}. */
    public static long tv_sec(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, tv_sec$OFFSET);
    }

    /** Writes {@code tv_sec}. */
    public static void tv_sec(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, tv_sec$OFFSET, value);
    }

    private static final long tv_nsec$OFFSET = $LAYOUT.byteOffset(groupElement("tv_nsec"));

    /** Byte offset of {@code tv_nsec}. */
    public static long tv_nsec$offset() {
        return tv_nsec$OFFSET;
    }

    /** Reads {@code tv_nsec}. */
    public static long tv_nsec(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, tv_nsec$OFFSET);
    }

    /** Writes {@code tv_nsec}. */
    public static void tv_nsec(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, tv_nsec$OFFSET, value);
    }

}
