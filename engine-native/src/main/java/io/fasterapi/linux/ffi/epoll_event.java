// Shaped like jextract output (see jextract/README.md); kept by hand.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * {@snippet lang=c :
 * typedef union epoll_data { void *ptr; int fd; uint32_t u32; uint64_t u64; } epoll_data_t;
 * struct epoll_event { uint32_t events; epoll_data_t data; } __EPOLL_PACKED;
 * }
 * {@code __EPOLL_PACKED} is {@code __attribute__((packed))} on x86_64 only: there the struct is 12 bytes with
 * {@code data} at offset 4; elsewhere (aarch64) it is 16 bytes with {@code data} at offset 8. This class
 * picks the layout of the running architecture, which is what jextract would generate on each.
 */
public final class epoll_event {
    private epoll_event() {}

    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));

    private static final GroupLayout $LAYOUT = PACKED
            ? MemoryLayout.structLayout(
                    ValueLayout.JAVA_INT_UNALIGNED.withName("events"),
                    ValueLayout.JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event")
            : MemoryLayout.structLayout(
                    ValueLayout.JAVA_INT.withName("events"),
                    MemoryLayout.paddingLayout(4),
                    ValueLayout.JAVA_LONG.withName("data")).withName("epoll_event");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long events$OFFSET = $LAYOUT.byteOffset(groupElement("events"));
    private static final long data$OFFSET = $LAYOUT.byteOffset(groupElement("data"));

    /** Byte offset of {@code events}. */
    public static long events$offset() {
        return events$OFFSET;
    }

    /** Byte offset of {@code data}. */
    public static long data$offset() {
        return data$OFFSET;
    }

    /** Reads {@code events}. */
    public static int events(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, events$OFFSET);
    }

    /** Writes {@code events}. */
    public static void events(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, events$OFFSET, value);
    }

    /** Reads {@code data.u64}. */
    public static long data(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, data$OFFSET);
    }

    /** Writes {@code data.u64}. */
    public static void data(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, data$OFFSET, value);
    }
}
