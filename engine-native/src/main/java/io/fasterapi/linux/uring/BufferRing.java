package io.fasterapi.linux.uring;

import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.ffi.io_uring_buf;
import io.fasterapi.linux.ffi.io_uring_buf_reg;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_REGISTER_PBUF_RING;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_UNREGISTER_PBUF_RING;

/**
 * A provided-buffer ring ({@code IORING_REGISTER_PBUF_RING}, kernel 5.19): {@code entries} buffers of
 * {@code bufferSize} bytes that the kernel picks from for multishot recv, so no connection holds a read
 * buffer while it waits. The owner gives a buffer back with {@link #recycle(int)} once its bytes are consumed.
 *
 * <p>Owned by the ring's thread; not thread-safe.
 */
public final class BufferRing implements AutoCloseable {
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final long PAGE = 4096;
    /** The ring's tail is the {@code resv} field of entry 0. */
    private static final long TAIL_OFFSET = io_uring_buf.resv$offset();
    private static final long ENTRY_BYTES = io_uring_buf.sizeof();

    private final IoUringRing ring;
    private final short groupId;
    private final int entries;
    private final int mask;
    private final int bufferSize;
    private final Arena arena;
    private final MemorySegment ringMemory;
    private final MemorySegment buffers;
    private int tail;
    private boolean closed;

    private BufferRing(IoUringRing ring, short groupId, int entries, int bufferSize) {
        this.ring = ring;
        this.groupId = groupId;
        this.entries = entries;
        this.mask = entries - 1;
        this.bufferSize = bufferSize;
        this.arena = Arena.ofShared();
        this.ringMemory = arena.allocate(ENTRY_BYTES * entries, PAGE);
        this.buffers = arena.allocate((long) bufferSize * entries, PAGE);
    }

    /**
     * Allocates {@code entries} (a power of two, at most 32768) buffers of {@code bufferSize} bytes,
     * registers them with {@code ring} as group {@code groupId} and makes all of them available.
     */
    public static BufferRing register(IoUringRing ring, short groupId, int entries, int bufferSize) throws IOException {
        if (Integer.bitCount(entries) != 1 || entries > 32768) {
            throw new IllegalArgumentException("buffer ring entries must be a power of two <= 32768: " + entries);
        }
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        BufferRing buffers = new BufferRing(ring, groupId, entries, bufferSize);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reg = arena.allocate(io_uring_buf_reg.layout());
            io_uring_buf_reg.ring_addr(reg, buffers.ringMemory.address());
            io_uring_buf_reg.ring_entries(reg, entries);
            io_uring_buf_reg.bgid(reg, groupId);
            int r = ring.register(IORING_REGISTER_PBUF_RING, reg, 1);
            if (r < 0) {
                buffers.arena.close();
                throw NativeIoException.of("io_uring_register(PBUF_RING)", r);
            }
        }
        for (int bid = 0; bid < entries; bid++) {
            buffers.recycle(bid);
        }
        return buffers;
    }

    /** The group id SQEs name in {@code buf_group}. */
    public short groupId() {
        return groupId;
    }

    public int entries() {
        return entries;
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** All buffers, one after another; buffer {@code bid} starts at {@link #offset(int)}. */
    public MemorySegment memory() {
        return buffers;
    }

    /** Where buffer {@code bid} starts in {@link #memory()}. */
    public long offset(int bid) {
        return (long) bid * bufferSize;
    }

    /** Gives buffer {@code bid} back to the kernel. */
    public void recycle(int bid) {
        long entry = (tail & mask) * ENTRY_BYTES;
        ringMemory.set(ValueLayout.JAVA_LONG_UNALIGNED, entry + io_uring_buf.addr$offset(), buffers.address() + offset(bid));
        ringMemory.set(ValueLayout.JAVA_INT_UNALIGNED, entry + io_uring_buf.len$offset(), bufferSize);
        ringMemory.set(ValueLayout.JAVA_SHORT_UNALIGNED, entry + io_uring_buf.bid$offset(), (short) bid);
        tail++;
        // Release: the entry must be visible before the tail that hands it to the kernel.
        SHORT.setRelease(ringMemory, TAIL_OFFSET, (short) tail);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment reg = temp.allocate(io_uring_buf_reg.layout());
            io_uring_buf_reg.bgid(reg, groupId);
            ring.register(IORING_UNREGISTER_PBUF_RING, reg, 1);
        }
        arena.close();
    }
}
