package io.fasterapi.linux.uring;

import io.fasterapi.linux.ffi.io_cqring_offsets;
import io.fasterapi.linux.ffi.io_uring_cqe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The completion ring. {@link #process} hands each ready CQE to a handler and frees its slot before the
 * handler runs, so a handler may submit (and even enter) without the CQ filling up under it.
 *
 * <p>Owned by the ring's thread; not thread-safe.
 */
public final class CompletionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long CQE_BYTES = io_uring_cqe.sizeof();
    private static final long USER_DATA = io_uring_cqe.user_data$offset();
    private static final long RES = io_uring_cqe.res$offset();
    private static final long FLAGS = io_uring_cqe.flags$offset();

    private final MemorySegment ring;
    private final long headOffset;
    private final long tailOffset;
    private final long overflowOffset;
    private final long cqesOffset;
    private final int mask;
    private final int entries;
    private int head;

    CompletionQueue(MemorySegment ring, MemorySegment offsets, int entries) {
        this.ring = ring;
        this.headOffset = io_cqring_offsets.head(offsets);
        this.tailOffset = io_cqring_offsets.tail(offsets);
        this.overflowOffset = io_cqring_offsets.overflow(offsets);
        this.cqesOffset = io_cqring_offsets.cqes(offsets);
        this.mask = ring.get(ValueLayout.JAVA_INT, io_cqring_offsets.ring_mask(offsets));
        this.entries = entries;
        this.head = (int) INT.getAcquire(ring, headOffset);
    }

    /** Capacity in entries. */
    public int entries() {
        return entries;
    }

    /** Whether at least one completion is ready. */
    public boolean hasReady() {
        // Acquire: CQE contents written by the kernel must be visible once we see the tail move.
        return (int) INT.getAcquire(ring, tailOffset) != head;
    }

    /** Completions the kernel had to drop because the CQ ring was full (0 with {@code IORING_FEAT_NODROP}). */
    public int overflowCount() {
        return ring.get(ValueLayout.JAVA_INT, overflowOffset);
    }

    /**
     * Hands up to {@code max} ready completions to {@code handler}, in order, and returns how many it
     * handed. Completions that arrive while it runs are handed too, up to {@code max}.
     */
    public int process(CompletionHandler handler, int max) {
        int processed = 0;
        while (processed < max) {
            // Acquire: pairs with the kernel's release of the tail after it wrote the CQEs.
            int tail = (int) INT.getAcquire(ring, tailOffset);
            if (tail == head) {
                break;
            }
            while (head != tail && processed < max) {
                long cqe = cqesOffset + (head & mask) * CQE_BYTES;
                long userData = ring.get(ValueLayout.JAVA_LONG_UNALIGNED, cqe + USER_DATA);
                int res = ring.get(ValueLayout.JAVA_INT_UNALIGNED, cqe + RES);
                int flags = ring.get(ValueLayout.JAVA_INT_UNALIGNED, cqe + FLAGS);
                head++;
                // Release: we finished reading the CQE before the kernel may reuse its slot.
                INT.setRelease(ring, headOffset, head);
                processed++;
                handler.complete(userData, res, flags);
            }
        }
        return processed;
    }
}
