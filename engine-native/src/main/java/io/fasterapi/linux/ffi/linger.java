// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Argument of {@code SO_LINGER}.
 * {@snippet lang=c :
 * struct linger { int l_onoff; int l_linger; };
 * }
 */
public final class linger {
    private linger() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT_UNALIGNED.withName("l_onoff"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("l_linger")
    ).withName("linger");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long l_onoff$OFFSET = $LAYOUT.byteOffset(groupElement("l_onoff"));

    /** Byte offset of {@code l_onoff}. */
    public static long l_onoff$offset() {
        return l_onoff$OFFSET;
    }

    /** Reads {@code l_onoff}. */
    public static int l_onoff(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, l_onoff$OFFSET);
    }

    /** Writes {@code l_onoff}. */
    public static void l_onoff(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, l_onoff$OFFSET, value);
    }

    private static final long l_linger$OFFSET = $LAYOUT.byteOffset(groupElement("l_linger"));

    /** Byte offset of {@code l_linger}. */
    public static long l_linger$offset() {
        return l_linger$OFFSET;
    }

    /** Reads {@code l_linger}. */
    public static int l_linger(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, l_linger$OFFSET);
    }

    /** Writes {@code l_linger}. */
    public static void l_linger(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, l_linger$OFFSET, value);
    }

}
