// Shaped like jextract output (see jextract/README.md); kept by hand, trimmed to the fields the engine uses.
package io.fasterapi.linux.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Submission queue entry, 64 bytes ({@code <linux/io_uring.h>}). The unions are flattened to the member the engine writes: {@code op_flags} is the {@code rw_flags/msg_flags/accept_flags/cancel_flags/timeout_flags} union, {@code buf_group} shares its place with {@code buf_index}.
 * {@snippet lang=c :
 * struct io_uring_sqe {
 *     __u8 opcode; __u8 flags; __u16 ioprio; __s32 fd;
 *     union { __u64 off; __u64 addr2; };
 *     union { __u64 addr; __u64 splice_off_in; };
 *     __u32 len;
 *     union { __u32 rw_flags; __u32 msg_flags; __u32 accept_flags; __u32 cancel_flags; __u32 timeout_flags; ... };
 *     __u64 user_data;
 *     union { __u16 buf_index; __u16 buf_group; } __attribute__((packed));
 *     __u16 personality;
 *     union { __s32 splice_fd_in; __u32 file_index; struct { __u16 addr_len; __u16 __pad3[1]; }; };
 *     union { struct { __u64 addr3; __u64 __pad2[1]; }; __u8 cmd[0]; };
 * };
 * }
 */
public final class io_uring_sqe {
    private io_uring_sqe() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_BYTE.withName("opcode"),
            ValueLayout.JAVA_BYTE.withName("flags"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("ioprio"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("fd"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("off"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("addr"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("len"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("op_flags"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("user_data"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("buf_group"),
            ValueLayout.JAVA_SHORT_UNALIGNED.withName("personality"),
            ValueLayout.JAVA_INT_UNALIGNED.withName("file_index"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("addr3"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("pad2")
    ).withName("io_uring_sqe");

    /** The struct's layout. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** The struct's size in bytes. */
    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    private static final long opcode$OFFSET = $LAYOUT.byteOffset(groupElement("opcode"));

    /** Byte offset of {@code opcode}. */
    public static long opcode$offset() {
        return opcode$OFFSET;
    }

    /** Reads {@code opcode}. */
    public static byte opcode(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_BYTE, opcode$OFFSET);
    }

    /** Writes {@code opcode}. */
    public static void opcode(MemorySegment struct, byte value) {
        struct.set(ValueLayout.JAVA_BYTE, opcode$OFFSET, value);
    }

    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

    /** Byte offset of {@code flags}. */
    public static long flags$offset() {
        return flags$OFFSET;
    }

    /** Reads {@code flags}. */
    public static byte flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_BYTE, flags$OFFSET);
    }

    /** Writes {@code flags}. */
    public static void flags(MemorySegment struct, byte value) {
        struct.set(ValueLayout.JAVA_BYTE, flags$OFFSET, value);
    }

    private static final long ioprio$OFFSET = $LAYOUT.byteOffset(groupElement("ioprio"));

    /** Byte offset of {@code ioprio}. */
    public static long ioprio$offset() {
        return ioprio$OFFSET;
    }

    /** Reads {@code ioprio}. */
    public static short ioprio(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, ioprio$OFFSET);
    }

    /** Writes {@code ioprio}. */
    public static void ioprio(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, ioprio$OFFSET, value);
    }

    private static final long fd$OFFSET = $LAYOUT.byteOffset(groupElement("fd"));

    /** Byte offset of {@code fd}. */
    public static long fd$offset() {
        return fd$OFFSET;
    }

    /** Reads {@code fd}. */
    public static int fd(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, fd$OFFSET);
    }

    /** Writes {@code fd}. */
    public static void fd(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, fd$OFFSET, value);
    }

    private static final long off$OFFSET = $LAYOUT.byteOffset(groupElement("off"));

    /** Byte offset of {@code off}. */
    public static long off$offset() {
        return off$OFFSET;
    }

    /** Reads {@code off}. */
    public static long off(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, off$OFFSET);
    }

    /** Writes {@code off}. */
    public static void off(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, off$OFFSET, value);
    }

    private static final long addr$OFFSET = $LAYOUT.byteOffset(groupElement("addr"));

    /** Byte offset of {@code addr}. */
    public static long addr$offset() {
        return addr$OFFSET;
    }

    /** Reads {@code addr}. */
    public static long addr(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, addr$OFFSET);
    }

    /** Writes {@code addr}. */
    public static void addr(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, addr$OFFSET, value);
    }

    private static final long len$OFFSET = $LAYOUT.byteOffset(groupElement("len"));

    /** Byte offset of {@code len}. */
    public static long len$offset() {
        return len$OFFSET;
    }

    /** Reads {@code len}. */
    public static int len(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, len$OFFSET);
    }

    /** Writes {@code len}. */
    public static void len(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, len$OFFSET, value);
    }

    private static final long op_flags$OFFSET = $LAYOUT.byteOffset(groupElement("op_flags"));

    /** Byte offset of {@code op_flags}. */
    public static long op_flags$offset() {
        return op_flags$OFFSET;
    }

    /** Reads {@code op_flags}. */
    public static int op_flags(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, op_flags$OFFSET);
    }

    /** Writes {@code op_flags}. */
    public static void op_flags(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, op_flags$OFFSET, value);
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

    private static final long buf_group$OFFSET = $LAYOUT.byteOffset(groupElement("buf_group"));

    /** Byte offset of {@code buf_group}. */
    public static long buf_group$offset() {
        return buf_group$OFFSET;
    }

    /** Reads {@code buf_group}. */
    public static short buf_group(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, buf_group$OFFSET);
    }

    /** Writes {@code buf_group}. */
    public static void buf_group(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, buf_group$OFFSET, value);
    }

    private static final long personality$OFFSET = $LAYOUT.byteOffset(groupElement("personality"));

    /** Byte offset of {@code personality}. */
    public static long personality$offset() {
        return personality$OFFSET;
    }

    /** Reads {@code personality}. */
    public static short personality(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, personality$OFFSET);
    }

    /** Writes {@code personality}. */
    public static void personality(MemorySegment struct, short value) {
        struct.set(ValueLayout.JAVA_SHORT_UNALIGNED, personality$OFFSET, value);
    }

    private static final long file_index$OFFSET = $LAYOUT.byteOffset(groupElement("file_index"));

    /** Byte offset of {@code file_index}. */
    public static long file_index$offset() {
        return file_index$OFFSET;
    }

    /** Reads {@code file_index}. */
    public static int file_index(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT_UNALIGNED, file_index$OFFSET);
    }

    /** Writes {@code file_index}. */
    public static void file_index(MemorySegment struct, int value) {
        struct.set(ValueLayout.JAVA_INT_UNALIGNED, file_index$OFFSET, value);
    }

    private static final long addr3$OFFSET = $LAYOUT.byteOffset(groupElement("addr3"));

    /** Byte offset of {@code addr3}. */
    public static long addr3$offset() {
        return addr3$OFFSET;
    }

    /** Reads {@code addr3}. */
    public static long addr3(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, addr3$OFFSET);
    }

    /** Writes {@code addr3}. */
    public static void addr3(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, addr3$OFFSET, value);
    }

    private static final long pad2$OFFSET = $LAYOUT.byteOffset(groupElement("pad2"));

    /** Byte offset of {@code pad2}. */
    public static long pad2$offset() {
        return pad2$OFFSET;
    }

    /** Reads {@code pad2}. */
    public static long pad2(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG_UNALIGNED, pad2$OFFSET);
    }

    /** Writes {@code pad2}. */
    public static void pad2(MemorySegment struct, long value) {
        struct.set(ValueLayout.JAVA_LONG_UNALIGNED, pad2$OFFSET, value);
    }

}
