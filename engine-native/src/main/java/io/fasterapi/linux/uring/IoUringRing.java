package io.fasterapi.linux.uring;

import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.ffi.__kernel_timespec;
import io.fasterapi.linux.ffi.io_cqring_offsets;
import io.fasterapi.linux.ffi.io_sqring_offsets;
import io.fasterapi.linux.ffi.io_uring_cqe;
import io.fasterapi.linux.ffi.io_uring_getevents_arg;
import io.fasterapi.linux.ffi.io_uring_params;
import io.fasterapi.linux.ffi.io_uring_sqe;
import io.fasterapi.linux.ffi.libc_h;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_ENTER_EXT_ARG;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_ENTER_GETEVENTS;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_ENTER_REGISTERED_RING;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_REGISTER_RING_FDS;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_EXT_ARG;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_SINGLE_MMAP;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OFF_CQ_RING;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OFF_SQES;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OFF_SQ_RING;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_CQSIZE;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_DEFER_TASKRUN;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_NO_SQARRAY;

/**
 * One io_uring instance: the ring descriptor, the mapped submission and completion rings, and
 * {@code io_uring_enter}/{@code io_uring_register}. See {@code io_uring_setup(2)}.
 *
 * <p>Owned by one thread (with {@code IORING_SETUP_SINGLE_ISSUER}, the thread that created it); not
 * thread-safe. {@link #close()} unmaps the rings and closes the descriptor.
 */
public final class IoUringRing implements AutoCloseable {
    private final Syscalls sys;
    private final int fd;
    private final int setupFlags;
    private final int features;
    private final long sqRingAddress;
    private final long sqRingBytes;
    private final long cqRingAddress;
    private final long cqRingBytes;
    private final long sqesAddress;
    private final long sqesBytes;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    /** {@code io_uring_getevents_arg} followed by its {@code __kernel_timespec}, for timed waits. */
    private final MemorySegment waitArg;
    private final MemorySegment waitTimespec;
    /** What io_uring_enter is given: the registered ring index when registration worked, else the fd. */
    private int enterFd;
    /** {@code IORING_ENTER_REGISTERED_RING} when {@link #enterFd} is a registered index. */
    private int enterFlags;
    private boolean closed;

    private IoUringRing(Syscalls sys, int fd, MemorySegment params, int setupFlags) throws IOException {
        this.sys = sys;
        this.fd = fd;
        this.setupFlags = setupFlags;
        this.features = io_uring_params.features(params);
        if ((features & IORING_FEAT_SINGLE_MMAP) == 0) {
            throw new IOException("io_uring: kernel lacks IORING_FEAT_SINGLE_MMAP (needs 5.4+)");
        }
        MemorySegment sqOff = io_uring_params.sq_off(params);
        MemorySegment cqOff = io_uring_params.cq_off(params);
        int sqEntries = io_uring_params.sq_entries(params);
        int cqEntries = io_uring_params.cq_entries(params);
        long sqBytes = (setupFlags & IORING_SETUP_NO_SQARRAY) != 0
                ? io_sqring_offsets.flags(sqOff) + 4L
                : io_sqring_offsets.array(sqOff) + 4L * sqEntries;
        long cqBytes = io_cqring_offsets.cqes(cqOff) + io_uring_cqe.sizeof() * cqEntries;
        // IORING_FEAT_SINGLE_MMAP: one mapping at offset 0 holds both rings; it must cover the larger one.
        this.sqRingBytes = Math.max(sqBytes, cqBytes);
        this.cqRingBytes = 0;
        this.sqRingAddress = map(sqRingBytes, IORING_OFF_SQ_RING);
        this.cqRingAddress = sqRingAddress;
        this.sqesBytes = io_uring_sqe.sizeof() * sqEntries;
        long sqes;
        try {
            sqes = map(sqesBytes, IORING_OFF_SQES);
        } catch (IOException e) {
            sys.munmap(sqRingAddress, sqRingBytes);
            throw e;
        }
        this.sqesAddress = sqes;
        MemorySegment ringSegment = MemorySegment.ofAddress(sqRingAddress).reinterpret(sqRingBytes);
        MemorySegment sqesSegment = MemorySegment.ofAddress(sqesAddress).reinterpret(sqesBytes);
        this.sq = new SubmissionQueue(this, ringSegment, sqesSegment, sqOff, sqEntries,
                (setupFlags & IORING_SETUP_NO_SQARRAY) == 0);
        this.cq = new CompletionQueue(ringSegment, cqOff, cqEntries);
        MemorySegment arg = Arena.ofAuto().allocate(io_uring_getevents_arg.sizeof() + __kernel_timespec.sizeof(), 8);
        this.waitArg = arg.asSlice(0, io_uring_getevents_arg.sizeof());
        this.waitTimespec = arg.asSlice(io_uring_getevents_arg.sizeof(), __kernel_timespec.sizeof());
        io_uring_getevents_arg.ts(waitArg, waitTimespec.address());
        this.enterFd = fd;
        registerRingFd();
    }

    /**
     * Registers the ring's own descriptor ({@code IORING_REGISTER_RING_FDS}, 5.18): {@code io_uring_enter}
     * then skips the file-table lookup and reference counting on every call. Optional: without it the
     * plain descriptor is used.
     */
    private void registerRingFd() {
        try (Arena arena = Arena.ofConfined()) {
            // struct io_uring_rsrc_update { __u32 offset; __u32 resv; __aligned_u64 data; }
            MemorySegment update = arena.allocate(16, 8);
            update.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, -1); // let the kernel pick the slot
            update.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, fd);
            if (sys.ioUringRegister(fd, IORING_REGISTER_RING_FDS, update, 1) == 1) {
                enterFd = update.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
                enterFlags = IORING_ENTER_REGISTERED_RING;
            }
        }
    }

    private long map(long bytes, long offset) throws IOException {
        long address = sys.mmap(bytes, libc_h.PROT_READ | libc_h.PROT_WRITE,
                libc_h.MAP_SHARED | libc_h.MAP_POPULATE, fd, offset);
        if (address < 0) {
            throw NativeIoException.of("mmap(io_uring)", (int) address);
        }
        return address;
    }

    /**
     * Sets up a ring with {@code sqEntries} submission entries and {@code cqEntries} completion entries
     * (rounded up to powers of two by the kernel) and the given {@code IORING_SETUP_*} flags
     * ({@code IORING_SETUP_CQSIZE} is added). Throws with the kernel's reason when setup fails.
     */
    public static IoUringRing create(Syscalls sys, int sqEntries, int cqEntries, int flags) throws IOException {
        int setupFlags = flags | IORING_SETUP_CQSIZE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(io_uring_params.layout());
            io_uring_params.flags(params, setupFlags);
            io_uring_params.cq_entries(params, cqEntries);
            int fd = sys.ioUringSetup(sqEntries, params);
            if (fd < 0) {
                throw NativeIoException.of("io_uring_setup", fd, "flags=0x" + Integer.toHexString(setupFlags));
            }
            try {
                return new IoUringRing(sys, fd, params, io_uring_params.flags(params));
            } catch (IOException | RuntimeException e) {
                sys.close(fd);
                throw e;
            }
        }
    }

    /** The ring's descriptor. */
    public int fd() {
        return fd;
    }

    /** The {@code IORING_SETUP_*} flags the ring runs with. */
    public int setupFlags() {
        return setupFlags;
    }

    /** The {@code IORING_FEAT_*} bits the kernel reported. */
    public int features() {
        return features;
    }

    public SubmissionQueue submissionQueue() {
        return sq;
    }

    public CompletionQueue completionQueue() {
        return cq;
    }

    /**
     * Submits what is queued and, when {@code waitNanos} is not zero and no completion is ready, waits for
     * one: up to {@code waitNanos} ({@code < 0}: without limit). One {@code io_uring_enter} call. Returns the
     * number submitted or {@code -errno} ({@code -ETIME} and {@code -EINTR} are normal ends of a wait).
     */
    public int submitAndWait(long waitNanos) {
        int toSubmit = sq.publish();
        boolean wait = waitNanos != 0 && !cq.hasReady();
        int flags = IORING_ENTER_GETEVENTS;
        if (!wait) {
            if (toSubmit == 0 && (setupFlags & IORING_SETUP_DEFER_TASKRUN) == 0 && !sq.needsEnter()) {
                return 0;
            }
            return sys.ioUringEnter(enterFd, toSubmit, 0, flags | enterFlags, MemorySegment.NULL, 0);
        }
        if (waitNanos > 0 && (features & IORING_FEAT_EXT_ARG) != 0) {
            __kernel_timespec.tv_sec(waitTimespec, waitNanos / 1_000_000_000L);
            __kernel_timespec.tv_nsec(waitTimespec, waitNanos % 1_000_000_000L);
            return sys.ioUringEnter(enterFd, toSubmit, 1, flags | enterFlags | IORING_ENTER_EXT_ARG, waitArg,
                    io_uring_getevents_arg.sizeof());
        }
        return sys.ioUringEnter(enterFd, toSubmit, 1, flags | enterFlags, MemorySegment.NULL, 0);
    }

    /** Submits what is queued without waiting; used when the submission queue is full. */
    int submitNow(int toSubmit) {
        return sys.ioUringEnter(enterFd, toSubmit, 0, enterFlags, MemorySegment.NULL, 0);
    }

    /** Whether {@code io_uring_enter} uses the registered ring index instead of the descriptor. */
    public boolean ringFdRegistered() {
        return enterFlags != 0;
    }

    /** {@code io_uring_register}; returns its result or {@code -errno}. */
    public int register(int opcode, MemorySegment arg, int nrArgs) {
        return sys.ioUringRegister(fd, opcode, arg, nrArgs);
    }

    Syscalls syscalls() {
        return sys;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sys.munmap(sqesAddress, sqesBytes);
        sys.munmap(sqRingAddress, sqRingBytes);
        if (cqRingBytes > 0) {
            sys.munmap(cqRingAddress, cqRingBytes);
        }
        sys.close(fd);
    }
}
