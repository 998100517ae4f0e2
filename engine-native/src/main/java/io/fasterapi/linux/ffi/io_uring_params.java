// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Passed to {@code io_uring_setup}, copied back with the kernel's sizes, features and ring offsets.
 * {@snippet lang=c :
 * struct io_uring_params {
 *     __u32 sq_entries; __u32 cq_entries; __u32 flags; __u32 sq_thread_cpu; __u32 sq_thread_idle;
 *     __u32 features; __u32 wq_fd; __u32 resv[3];
 *     struct io_sqring_offsets sq_off;
 *     struct io_cqring_offsets cq_off;
 * };
 * }
 */
public final class io_uring_params {
    private io_uring_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("sq_entries"),
            ValueLayout.JAVA_INT.withName("cq_entries"),
            ValueLayout.JAVA_INT.withName("flags"),
            ValueLayout.JAVA_INT.withName("sq_thread_cpu"),
            ValueLayout.JAVA_INT.withName("sq_thread_idle"),
            ValueLayout.JAVA_INT.withName("features"),
            ValueLayout.JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_INT).withName("resv"),
            io_sqring_offsets.layout().withName("sq_off"),
            io_cqring_offsets.layout().withName("cq_off")
    ).withName("io_uring_params");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long sq_entries$OFFSET = $LAYOUT.byteOffset(groupElement("sq_entries"));
    private static final long cq_entries$OFFSET = $LAYOUT.byteOffset(groupElement("cq_entries"));
    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));
    private static final long features$OFFSET = $LAYOUT.byteOffset(groupElement("features"));
    private static final long sq_off$OFFSET = $LAYOUT.byteOffset(groupElement("sq_off"));
    private static final long cq_off$OFFSET = $LAYOUT.byteOffset(groupElement("cq_off"));

    /** Reads {@code sq_entries}. */
    public static int sq_entries(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, sq_entries$OFFSET);
    }

    /** Writes {@code sq_entries}. */
    public static void sq_entries(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT, sq_entries$OFFSET, value);
    }

    /** Reads {@code cq_entries}. */
    public static int cq_entries(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, cq_entries$OFFSET);
    }

    /** Writes {@code cq_entries}. */
    public static void cq_entries(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT, cq_entries$OFFSET, value);
    }

    /** Reads {@code flags}. */
    public static int flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, flags$OFFSET);
    }

    /** Writes {@code flags}. */
    public static void flags(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT, flags$OFFSET, value);
    }

    /** Reads {@code features}. */
    public static int features(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, features$OFFSET);
    }

    /** A view of {@code sq_off}. */
    public static MemorySegment sq_off(MemorySegment struct) {
        return struct.asSlice(sq_off$OFFSET, io_sqring_offsets.sizeof());
    }

    /** A view of {@code cq_off}. */
    public static MemorySegment cq_off(MemorySegment struct) {
        return struct.asSlice(cq_off$OFFSET, io_cqring_offsets.sizeof());
    }
}
