// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * IPv6 socket address; port and address are in network byte order.
 * {@snippet lang=c :
 * struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo; struct in6_addr sin6_addr; uint32_t sin6_scope_id; };
 * }
 */
public final class sockaddr_in6 {
    private sockaddr_in6() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("sin6_family"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("sin6_port"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("sin6_scope_id")
    ).withName("sockaddr_in6");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long sin6_family$OFFSET = $LAYOUT.byteOffset(groupElement("sin6_family"));

    /** Byte offset of {@code sin6_family}. */
    public static long sin6_family$offset() {
        return sin6_family$OFFSET;
    }

    /** Reads {@code sin6_family}. */
    public static short sin6_family(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, sin6_family$OFFSET);
    }

    /** Writes {@code sin6_family}. */
    public static void sin6_family(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, sin6_family$OFFSET, value);
    }

    private static final long sin6_port$OFFSET = $LAYOUT.byteOffset(groupElement("sin6_port"));

    /** Byte offset of {@code sin6_port}. */
    public static long sin6_port$offset() {
        return sin6_port$OFFSET;
    }

    /** Reads {@code sin6_port}. */
    public static short sin6_port(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, sin6_port$OFFSET);
    }

    /** Writes {@code sin6_port}. */
    public static void sin6_port(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, sin6_port$OFFSET, value);
    }

    private static final long sin6_flowinfo$OFFSET = $LAYOUT.byteOffset(groupElement("sin6_flowinfo"));

    /** Byte offset of {@code sin6_flowinfo}. */
    public static long sin6_flowinfo$offset() {
        return sin6_flowinfo$OFFSET;
    }

    /** Reads {@code sin6_flowinfo}. */
    public static int sin6_flowinfo(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, sin6_flowinfo$OFFSET);
    }

    /** Writes {@code sin6_flowinfo}. */
    public static void sin6_flowinfo(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, sin6_flowinfo$OFFSET, value);
    }

    private static final long sin6_addr$OFFSET = $LAYOUT.byteOffset(groupElement("sin6_addr"));

    /** Byte offset of {@code sin6_addr}. */
    public static long sin6_addr$offset() {
        return sin6_addr$OFFSET;
    }

    private static final long sin6_scope_id$OFFSET = $LAYOUT.byteOffset(groupElement("sin6_scope_id"));

    /** Byte offset of {@code sin6_scope_id}. */
    public static long sin6_scope_id$offset() {
        return sin6_scope_id$OFFSET;
    }

    /** Reads {@code sin6_scope_id}. */
    public static int sin6_scope_id(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, sin6_scope_id$OFFSET);
    }

    /** Writes {@code sin6_scope_id}. */
    public static void sin6_scope_id(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, sin6_scope_id$OFFSET, value);
    }

}
