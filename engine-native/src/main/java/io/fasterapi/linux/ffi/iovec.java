// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Gather/scatter element ({@code <sys/uio.h>}).
 * {@snippet lang=c :
 * struct iovec { void *iov_base; size_t iov_len; };
 * }
 */
public final class iovec {
    private iovec() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("iov_base"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("iov_len")
    ).withName("iovec");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long iov_base$OFFSET = $LAYOUT.byteOffset(groupElement("iov_base"));

    /** Byte offset of {@code iov_base}. */
    public static long iov_base$offset() {
        return iov_base$OFFSET;
    }

    /** Reads {@code iov_base}. */
    public static long iov_base(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, iov_base$OFFSET);
    }

    /** Writes {@code iov_base}. */
    public static void iov_base(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, iov_base$OFFSET, value);
    }

    private static final long iov_len$OFFSET = $LAYOUT.byteOffset(groupElement("iov_len"));

    /** Byte offset of {@code iov_len}. */
    public static long iov_len$offset() {
        return iov_len$OFFSET;
    }

    /** Reads {@code iov_len}. */
    public static long iov_len(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, iov_len$OFFSET);
    }

    /** Writes {@code iov_len}. */
    public static void iov_len(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, iov_len$OFFSET, value);
    }

}
