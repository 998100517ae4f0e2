// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * IPv4 socket address; port and address are in network byte order.
 * {@snippet lang=c :
 * struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; unsigned char sin_zero[8]; };
 * }
 */
public final class sockaddr_in {
    private sockaddr_in() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("sin_family"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("sin_port"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero")
    ).withName("sockaddr_in");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long sin_family$OFFSET = $LAYOUT.byteOffset(groupElement("sin_family"));

    /** Byte offset of {@code sin_family}. */
    public static long sin_family$offset() {
        return sin_family$OFFSET;
    }

    /** Reads {@code sin_family}. */
    public static short sin_family(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, sin_family$OFFSET);
    }

    /** Writes {@code sin_family}. */
    public static void sin_family(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, sin_family$OFFSET, value);
    }

    private static final long sin_port$OFFSET = $LAYOUT.byteOffset(groupElement("sin_port"));

    /** Byte offset of {@code sin_port}. */
    public static long sin_port$offset() {
        return sin_port$OFFSET;
    }

    /** Reads {@code sin_port}. */
    public static short sin_port(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, sin_port$OFFSET);
    }

    /** Writes {@code sin_port}. */
    public static void sin_port(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, sin_port$OFFSET, value);
    }

    private static final long sin_addr$OFFSET = $LAYOUT.byteOffset(groupElement("sin_addr"));

    /** Byte offset of {@code sin_addr}. */
    public static long sin_addr$offset() {
        return sin_addr$OFFSET;
    }

    /** Reads {@code sin_addr}. */
    public static int sin_addr(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, sin_addr$OFFSET);
    }

    /** Writes {@code sin_addr}. */
    public static void sin_addr(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, sin_addr$OFFSET, value);
    }

    private static final long sin_zero$OFFSET = $LAYOUT.byteOffset(groupElement("sin_zero"));

    /** Byte offset of {@code sin_zero}. */
    public static long sin_zero$offset() {
        return sin_zero$OFFSET;
    }

}
