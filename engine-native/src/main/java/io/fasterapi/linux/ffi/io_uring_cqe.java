// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Completion queue entry, 16 bytes without {@code IORING_SETUP_CQE32}.
 * {@snippet lang=c :
 * struct io_uring_cqe { __u64 user_data; __s32 res; __u32 flags; };
 * }
 */
public final class io_uring_cqe {
    private io_uring_cqe() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("user_data"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("res"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("flags")
    ).withName("io_uring_cqe");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long user_data$OFFSET = $LAYOUT.byteOffset(groupElement("user_data"));

    /** Byte offset of {@code user_data}. */
    public static long user_data$offset() {
        return user_data$OFFSET;
    }

    /** Reads {@code user_data}. */
    public static long user_data(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, user_data$OFFSET);
    }

    /** Writes {@code user_data}. */
    public static void user_data(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, user_data$OFFSET, value);
    }

    private static final long res$OFFSET = $LAYOUT.byteOffset(groupElement("res"));

    /** Byte offset of {@code res}. */
    public static long res$offset() {
        return res$OFFSET;
    }

    /** Reads {@code res}. */
    public static int res(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, res$OFFSET);
    }

    /** Writes {@code res}. */
    public static void res(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, res$OFFSET, value);
    }

    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

    /** Byte offset of {@code flags}. */
    public static long flags$offset() {
        return flags$OFFSET;
    }

    /** Reads {@code flags}. */
    public static int flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, flags$OFFSET);
    }

    /** Writes {@code flags}. */
    public static void flags(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, flags$OFFSET, value);
    }

}
