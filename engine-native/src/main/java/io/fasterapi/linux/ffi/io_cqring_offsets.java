// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Where the CQ ring's fields sit in its mapping, filled in by {@code io_uring_setup}.
 * {@snippet lang=c :
 * struct io_cqring_offsets {
 *     __u32 head; __u32 tail; __u32 ring_mask; __u32 ring_entries; __u32 overflow; __u32 cqes; __u32 flags; __u32 resv1;
 *     __u64 user_addr; // resv2 before 6.5
 * };
 * }
 */
public final class io_cqring_offsets {
    private io_cqring_offsets() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT_UNALIGNED.withName("head"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("tail"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("ring_mask"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("ring_entries"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("overflow"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("cqes"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("flags"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("resv1"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("user_addr")
    ).withName("io_cqring_offsets");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long head$OFFSET = $LAYOUT.byteOffset(groupElement("head"));

    /** Byte offset of {@code head}. */
    public static long head$offset() {
        return head$OFFSET;
    }

    /** Reads {@code head}. */
    public static int head(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, head$OFFSET);
    }

    /** Writes {@code head}. */
    public static void head(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, head$OFFSET, value);
    }

    private static final long tail$OFFSET = $LAYOUT.byteOffset(groupElement("tail"));

    /** Byte offset of {@code tail}. */
    public static long tail$offset() {
        return tail$OFFSET;
    }

    /** Reads {@code tail}. */
    public static int tail(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, tail$OFFSET);
    }

    /** Writes {@code tail}. */
    public static void tail(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, tail$OFFSET, value);
    }

    private static final long ring_mask$OFFSET = $LAYOUT.byteOffset(groupElement("ring_mask"));

    /** Byte offset of {@code ring_mask}. */
    public static long ring_mask$offset() {
        return ring_mask$OFFSET;
    }

    /** Reads {@code ring_mask}. */
    public static int ring_mask(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, ring_mask$OFFSET);
    }

    /** Writes {@code ring_mask}. */
    public static void ring_mask(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, ring_mask$OFFSET, value);
    }

    private static final long ring_entries$OFFSET = $LAYOUT.byteOffset(groupElement("ring_entries"));

    /** Byte offset of {@code ring_entries}. */
    public static long ring_entries$offset() {
        return ring_entries$OFFSET;
    }

    /** Reads {@code ring_entries}. */
    public static int ring_entries(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, ring_entries$OFFSET);
    }

    /** Writes {@code ring_entries}. */
    public static void ring_entries(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, ring_entries$OFFSET, value);
    }

    private static final long overflow$OFFSET = $LAYOUT.byteOffset(groupElement("overflow"));

    /** Byte offset of {@code overflow}. */
    public static long overflow$offset() {
        return overflow$OFFSET;
    }

    /** Reads {@code overflow}. */
    public static int overflow(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, overflow$OFFSET);
    }

    /** Writes {@code overflow}. */
    public static void overflow(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, overflow$OFFSET, value);
    }

    private static final long cqes$OFFSET = $LAYOUT.byteOffset(groupElement("cqes"));

    /** Byte offset of {@code cqes}. */
    public static long cqes$offset() {
        return cqes$OFFSET;
    }

    /** Reads {@code cqes}. */
    public static int cqes(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, cqes$OFFSET);
    }

    /** Writes {@code cqes}. */
    public static void cqes(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, cqes$OFFSET, value);
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

    private static final long resv1$OFFSET = $LAYOUT.byteOffset(groupElement("resv1"));

    /** Byte offset of {@code resv1}. */
    public static long resv1$offset() {
        return resv1$OFFSET;
    }

    /** Reads {@code resv1}. */
    public static int resv1(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, resv1$OFFSET);
    }

    /** Writes {@code resv1}. */
    public static void resv1(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, resv1$OFFSET, value);
    }

    private static final long user_addr$OFFSET = $LAYOUT.byteOffset(groupElement("user_addr"));

    /** Byte offset of {@code user_addr}. */
    public static long user_addr$offset() {
        return user_addr$OFFSET;
    }

    /** Reads {@code user_addr}. */
    public static long user_addr(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, user_addr$OFFSET);
    }

    /** Writes {@code user_addr}. */
    public static void user_addr(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, user_addr$OFFSET, value);
    }

}
