package io.fasterapi.linux.uring;

import io.fasterapi.linux.ffi.io_sqring_offsets;
import io.fasterapi.linux.ffi.io_uring_sqe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_ACCEPT_MULTISHOT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_ACCEPT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_ASYNC_CANCEL;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_CLOSE;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_CONNECT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_NOP;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_READ;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_RECV;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SEND;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SENDMSG;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SHUTDOWN;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_TIMEOUT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_WRITEV;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_RECV_MULTISHOT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SQ_CQ_OVERFLOW;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SQ_TASKRUN;
import static io.fasterapi.linux.ffi.io_uring_h.IOSQE_BUFFER_SELECT;

/**
 * The submission ring. Operations are written into SQEs as they are asked for and published to the
 * kernel in one batch ({@link #publish()}) just before the loop's single {@code io_uring_enter} of the turn.
 * When the ring fills up mid-turn, what is queued is submitted at once so no request is ever refused.
 *
 * <p>Owned by the ring's thread; not thread-safe.
 */
public final class SubmissionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long SQE_BYTES = io_uring_sqe.sizeof();

    private static final long OPCODE = io_uring_sqe.opcode$offset();
    private static final long FLAGS = io_uring_sqe.flags$offset();
    private static final long IOPRIO = io_uring_sqe.ioprio$offset();
    private static final long FD = io_uring_sqe.fd$offset();
    private static final long OFF = io_uring_sqe.off$offset();
    private static final long ADDR = io_uring_sqe.addr$offset();
    private static final long LEN = io_uring_sqe.len$offset();
    private static final long OP_FLAGS = io_uring_sqe.op_flags$offset();
    private static final long USER_DATA = io_uring_sqe.user_data$offset();
    private static final long BUF_GROUP = io_uring_sqe.buf_group$offset();

    private final IoUringRing ring;
    private final MemorySegment ringMemory;
    private final MemorySegment sqes;
    private final long headOffset;
    private final long tailOffset;
    private final long flagsOffset;
    private final long droppedOffset;
    private final int mask;
    private final int entries;
    /** Next SQE to fill; SQEs in [published, tail) are written but not yet visible to the kernel. */
    private int tail;
    private int published;
    /** Last head read from the kernel; refreshed only when the ring looks full. */
    private int cachedHead;

    SubmissionQueue(IoUringRing ring, MemorySegment ringMemory, MemorySegment sqes, MemorySegment offsets,
                    int entries, boolean hasIndexArray) {
        this.ring = ring;
        this.ringMemory = ringMemory;
        this.sqes = sqes;
        this.headOffset = io_sqring_offsets.head(offsets);
        this.tailOffset = io_sqring_offsets.tail(offsets);
        this.flagsOffset = io_sqring_offsets.flags(offsets);
        this.droppedOffset = io_sqring_offsets.dropped(offsets);
        this.mask = ringMemory.get(ValueLayout.JAVA_INT, io_sqring_offsets.ring_mask(offsets));
        this.entries = entries;
        this.tail = (int) INT.getAcquire(ringMemory, tailOffset);
        this.published = tail;
        this.cachedHead = (int) INT.getAcquire(ringMemory, headOffset);
        if (hasIndexArray) {
            // The index array maps ring slot -> SQE; keep it the identity so SQE i is always slot i.
            long array = io_sqring_offsets.array(offsets);
            for (int i = 0; i < entries; i++) {
                ringMemory.set(ValueLayout.JAVA_INT, array + 4L * i, i);
            }
        }
    }

    /** Capacity in entries. */
    public int entries() {
        return entries;
    }

    /** SQEs written but not yet published. */
    public int pending() {
        return tail - published;
    }

    /** SQEs the kernel dropped as invalid since the ring was created. */
    public int dropped() {
        return ringMemory.get(ValueLayout.JAVA_INT, droppedOffset);
    }

    /**
     * Whether the kernel wants the owner to enter even with nothing to submit: completions overflowed the
     * CQ ring ({@code IORING_SQ_CQ_OVERFLOW}) or task work is pending ({@code IORING_SQ_TASKRUN}).
     */
    public boolean needsEnter() {
        // Acquire: the kernel sets these flags from other contexts.
        int flags = (int) INT.getAcquire(ringMemory, flagsOffset);
        return (flags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) != 0;
    }

    /** Whether completions overflowed the CQ ring and wait in the kernel. */
    public boolean cqOverflowed() {
        return ((int) INT.getAcquire(ringMemory, flagsOffset) & IORING_SQ_CQ_OVERFLOW) != 0;
    }

    /**
     * Makes the written SQEs visible to the kernel and returns how many are waiting to be submitted.
     * Release: the SQE contents must be visible before the tail that publishes them.
     */
    int publish() {
        if (published != tail) {
            INT.setRelease(ringMemory, tailOffset, tail);
            published = tail;
        }
        return tail - (int) INT.getAcquire(ringMemory, headOffset);
    }

    /** Byte offset in {@link #sqes} of a zeroed SQE; submits what is queued first if the ring is full. */
    private long next() {
        if (tail - cachedHead >= entries) {
            // Acquire: the kernel advances head after it has consumed the SQEs.
            cachedHead = (int) INT.getAcquire(ringMemory, headOffset);
            if (tail - cachedHead >= entries) {
                int toSubmit = publish();
                int r = ring.submitNow(toSubmit);
                cachedHead = (int) INT.getAcquire(ringMemory, headOffset);
                if (tail - cachedHead >= entries) {
                    throw new IllegalStateException("io_uring submission queue stuck full (enter returned " + r + ")");
                }
            }
        }
        long offset = (tail & mask) * SQE_BYTES;
        tail++;
        for (long i = 0; i < SQE_BYTES; i += 8) {
            sqes.set(U64, offset + i, 0L);
        }
        return offset;
    }

    private long prepare(byte opcode, int fd, long addr, int len, long off, long userData) {
        long sqe = next();
        sqes.set(U8, sqe + OPCODE, opcode);
        sqes.set(U32, sqe + FD, fd);
        sqes.set(U64, sqe + ADDR, addr);
        sqes.set(U32, sqe + LEN, len);
        sqes.set(U64, sqe + OFF, off);
        sqes.set(U64, sqe + USER_DATA, userData);
        return sqe;
    }

    /** {@code IORING_OP_NOP}. */
    public void nop(long userData) {
        prepare(IORING_OP_NOP, -1, 0, 0, 0, userData);
    }

    /** Multishot accept: one CQE per accepted connection while {@code IORING_CQE_F_MORE} is set. */
    public void acceptMultishot(int listenFd, int acceptFlags, long userData) {
        long sqe = prepare(IORING_OP_ACCEPT, listenFd, 0, 0, 0, userData);
        sqes.set(U16, sqe + IOPRIO, IORING_ACCEPT_MULTISHOT);
        sqes.set(U32, sqe + OP_FLAGS, acceptFlags);
    }

    /**
     * Multishot recv into buffers picked by the kernel from provided-buffer group {@code bufferGroup}: one
     * CQE per chunk received, the buffer id in the CQE's upper flag bits.
     */
    public void recvMultishot(int fd, short bufferGroup, long userData) {
        long sqe = prepare(IORING_OP_RECV, fd, 0, 0, 0, userData);
        sqes.set(U16, sqe + IOPRIO, IORING_RECV_MULTISHOT);
        sqes.set(U8, sqe + FLAGS, IOSQE_BUFFER_SELECT);
        sqes.set(U16, sqe + BUF_GROUP, bufferGroup);
    }

    /** Single recv into {@code [address, address + length)}. */
    public void recv(int fd, long address, int length, int msgFlags, long userData) {
        long sqe = prepare(IORING_OP_RECV, fd, address, length, 0, userData);
        sqes.set(U32, sqe + OP_FLAGS, msgFlags);
    }

    /** Send of {@code [address, address + length)}. */
    public void send(int fd, long address, int length, int msgFlags, long userData) {
        long sqe = prepare(IORING_OP_SEND, fd, address, length, 0, userData);
        sqes.set(U32, sqe + OP_FLAGS, msgFlags);
    }

    /** Gathering send of the {@code msghdr} at {@code msghdrAddress}; it must stay valid until completion. */
    public void sendmsg(int fd, long msghdrAddress, int msgFlags, long userData) {
        long sqe = prepare(IORING_OP_SENDMSG, fd, msghdrAddress, 1, 0, userData);
        sqes.set(U32, sqe + OP_FLAGS, msgFlags);
    }

    /** Gathering write of {@code count} iovecs at {@code iovAddress}; they must stay valid until completion. */
    public void writev(int fd, long iovAddress, int count, long userData) {
        prepare(IORING_OP_WRITEV, fd, iovAddress, count, 0, userData);
    }

    /** Read of up to {@code length} bytes into {@code address} (for eventfds and pipes). */
    public void read(int fd, long address, int length, long userData) {
        prepare(IORING_OP_READ, fd, address, length, 0, userData);
    }

    /** Connect to the {@code sockaddr} at {@code sockaddrAddress}; it must stay valid until completion. */
    public void connect(int fd, long sockaddrAddress, int sockaddrLength, long userData) {
        prepare(IORING_OP_CONNECT, fd, sockaddrAddress, 0, sockaddrLength, userData);
    }

    /** Cancels the request whose user data is {@code targetUserData}. */
    public void cancel(long targetUserData, long userData) {
        prepare(IORING_OP_ASYNC_CANCEL, -1, targetUserData, 0, 0, userData);
    }

    /** {@code shutdown(2)} through the ring. */
    public void shutdown(int fd, int how, long userData) {
        prepare(IORING_OP_SHUTDOWN, fd, 0, how, 0, userData);
    }

    /** {@code close(2)} through the ring. */
    public void close(int fd, long userData) {
        prepare(IORING_OP_CLOSE, fd, 0, 0, 0, userData);
    }

    /**
     * A timeout that completes with {@code -ETIME} after the {@code __kernel_timespec} at
     * {@code timespecAddress} (which must stay valid until completion) or once {@code count} other
     * completions have posted (0: time only).
     */
    public void timeout(long timespecAddress, int count, int timeoutFlags, long userData) {
        long sqe = prepare(IORING_OP_TIMEOUT, -1, timespecAddress, 1, count, userData);
        sqes.set(U32, sqe + OP_FLAGS, timeoutFlags);
    }
}
