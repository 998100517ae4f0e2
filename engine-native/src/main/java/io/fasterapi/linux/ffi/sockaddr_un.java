// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Unix-domain socket address.
 * {@snippet lang=c :
 * struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };
 * }
 */
public final class sockaddr_un {
    private sockaddr_un() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path")
    ).withName("sockaddr_un");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long sun_family$OFFSET = $LAYOUT.byteOffset(groupElement("sun_family"));

    /** Byte offset of {@code sun_family}. */
    public static long sun_family$offset() {
        return sun_family$OFFSET;
    }

    /** Reads {@code sun_family}. */
    public static short sun_family(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, sun_family$OFFSET);
    }

    /** Writes {@code sun_family}. */
    public static void sun_family(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, sun_family$OFFSET, value);
    }

    private static final long sun_path$OFFSET = $LAYOUT.byteOffset(groupElement("sun_path"));

    /** Byte offset of {@code sun_path}. */
    public static long sun_path$offset() {
        return sun_path$OFFSET;
    }

}
