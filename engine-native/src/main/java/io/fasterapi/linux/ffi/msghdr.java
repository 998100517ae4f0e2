// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Message header for {@code sendmsg} ({@code <sys/socket.h>}), 56 bytes on LP64.
 * {@snippet lang=c :
 * struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
 *                 void *msg_control; size_t msg_controllen; int msg_flags; };
 * }
 */
public final class msghdr {
    private msghdr() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG_UNALIGNED.withName("msg_name"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("msg_iov"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("msg_iovlen"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("msg_control"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("msg_controllen"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)
    ).withName("msghdr");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long msg_name$OFFSET = $LAYOUT.byteOffset(groupElement("msg_name"));

    /** Byte offset of {@code msg_name}. */
    public static long msg_name$offset() {
        return msg_name$OFFSET;
    }

    /** Reads {@code msg_name}. */
    public static long msg_name(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, msg_name$OFFSET);
    }

    /** Writes {@code msg_name}. */
    public static void msg_name(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, msg_name$OFFSET, value);
    }

    private static final long msg_namelen$OFFSET = $LAYOUT.byteOffset(groupElement("msg_namelen"));

    /** Byte offset of {@code msg_namelen}. */
    public static long msg_namelen$offset() {
        return msg_namelen$OFFSET;
    }

    /** Reads {@code msg_namelen}. */
    public static int msg_namelen(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, msg_namelen$OFFSET);
    }

    /** Writes {@code msg_namelen}. */
    public static void msg_namelen(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, msg_namelen$OFFSET, value);
    }

    private static final long msg_iov$OFFSET = $LAYOUT.byteOffset(groupElement("msg_iov"));

    /** Byte offset of {@code msg_iov}. */
    public static long msg_iov$offset() {
        return msg_iov$OFFSET;
    }

    /** Reads {@code msg_iov}. */
    public static long msg_iov(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, msg_iov$OFFSET);
    }

    /** Writes {@code msg_iov}. */
    public static void msg_iov(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, msg_iov$OFFSET, value);
    }

    private static final long msg_iovlen$OFFSET = $LAYOUT.byteOffset(groupElement("msg_iovlen"));

    /** Byte offset of {@code msg_iovlen}. */
    public static long msg_iovlen$offset() {
        return msg_iovlen$OFFSET;
    }

    /** Reads {@code msg_iovlen}. */
    public static long msg_iovlen(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, msg_iovlen$OFFSET);
    }

    /** Writes {@code msg_iovlen}. */
    public static void msg_iovlen(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, msg_iovlen$OFFSET, value);
    }

    private static final long msg_control$OFFSET = $LAYOUT.byteOffset(groupElement("msg_control"));

    /** Byte offset of {@code msg_control}. */
    public static long msg_control$offset() {
        return msg_control$OFFSET;
    }

    /** Reads {@code msg_control}. */
    public static long msg_control(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, msg_control$OFFSET);
    }

    /** Writes {@code msg_control}. */
    public static void msg_control(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, msg_control$OFFSET, value);
    }

    private static final long msg_controllen$OFFSET = $LAYOUT.byteOffset(groupElement("msg_controllen"));

    /** Byte offset of {@code msg_controllen}. */
    public static long msg_controllen$offset() {
        return msg_controllen$OFFSET;
    }

    /** Reads {@code msg_controllen}. */
    public static long msg_controllen(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, msg_controllen$OFFSET);
    }

    /** Writes {@code msg_controllen}. */
    public static void msg_controllen(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, msg_controllen$OFFSET, value);
    }

    private static final long msg_flags$OFFSET = $LAYOUT.byteOffset(groupElement("msg_flags"));

    /** Byte offset of {@code msg_flags}. */
    public static long msg_flags$offset() {
        return msg_flags$OFFSET;
    }

    /** Reads {@code msg_flags}. */
    public static int msg_flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, msg_flags$OFFSET);
    }

    /** Writes {@code msg_flags}. */
    public static void msg_flags(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, msg_flags$OFFSET, value);
    }

}
