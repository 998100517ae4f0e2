package io.fasterapi.io.uring;

import io.fasterapi.io.IoBuffer;
import io.fasterapi.linux.ffi.iovec;
import io.fasterapi.linux.ffi.msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code msghdr} + {@code iovec[]} blocks for gathering sends that are in flight in io_uring: the kernel
 * reads them after submission, so each send owns one until it completes. Only connections with a send in
 * flight hold one, so idle connections cost nothing here. Grown in slabs of {@value #PER_SLAB}; reused.
 *
 * <p>Owned by one event loop; not thread-safe.
 */
final class SendDescriptors {
    /** Buffers gathered per send at most. */
    static final int MAX_IOV = 64;
    private static final int PER_SLAB = 32;
    private static final long MSGHDR_BYTES = 64; // 56 rounded up, so the iovecs that follow stay aligned
    private static final long DESCRIPTOR_BYTES = MSGHDR_BYTES + iovec.sizeof() * MAX_IOV;

    private final Arena arena;
    private final List<MemorySegment> slabs = new ArrayList<>();
    private int[] free = new int[PER_SLAB];
    private int freeCount;

    SendDescriptors(Arena arena) {
        this.arena = arena;
    }

    /** Takes a descriptor; returns its id. */
    int acquire() {
        if (freeCount == 0) {
            grow();
        }
        return free[--freeCount];
    }

    void release(int id) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
    }

    /**
     * Fills descriptor {@code id} with the output chain starting at {@code head} (up to {@link #MAX_IOV}
     * buffers) and returns the address of its {@code msghdr}.
     */
    long fill(int id, IoBuffer head) {
        MemorySegment slab = slabs.get(id / PER_SLAB);
        long base = (id % PER_SLAB) * DESCRIPTOR_BYTES;
        long iovBase = base + MSGHDR_BYTES;
        int count = 0;
        for (IoBuffer b = head; b != null && count < MAX_IOV; b = b.next()) {
            long entry = iovBase + iovec.sizeof() * count;
            slab.set(ValueLayout.JAVA_LONG, entry + iovec.iov_base$offset(), b.segment().address() + b.readerIndex());
            slab.set(ValueLayout.JAVA_LONG, entry + iovec.iov_len$offset(), b.readableBytes());
            count++;
        }
        slab.set(ValueLayout.JAVA_LONG, base + msghdr.msg_iov$offset(), slab.address() + iovBase);
        slab.set(ValueLayout.JAVA_LONG, base + msghdr.msg_iovlen$offset(), count);
        return slab.address() + base;
    }

    private void grow() {
        MemorySegment slab = arena.allocate(DESCRIPTOR_BYTES * PER_SLAB, 64);
        int first = slabs.size() * PER_SLAB;
        slabs.add(slab);
        if (free.length < PER_SLAB) {
            free = Arrays.copyOf(free, PER_SLAB);
        }
        for (int i = PER_SLAB - 1; i >= 0; i--) {
            free[freeCount++] = first + i;
        }
    }
}
