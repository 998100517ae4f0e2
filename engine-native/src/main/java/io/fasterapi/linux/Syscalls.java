package io.fasterapi.linux;

import io.fasterapi.linux.ffi.epoll_event;
import io.fasterapi.linux.ffi.libc_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Typed access to the libc calls in {@link libc_h}. Every method returns what the call returns, or
 * {@code -errno} when it fails, the convention of the kernel and of io_uring completions, so that one error
 * path serves both. Nothing here allocates per call.
 *
 * <p>Not thread-safe: an instance owns the segment where calls leave {@code errno}, and its scratch memory.
 * Each event loop owns one; code on other threads makes its own with {@link #create()}.
 */
public final class Syscalls {
    private static final long SCRATCH_BYTES = 256;
    /** The 8-byte value 1, read-only, for {@link #signalEventFd}. */
    private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG).fill((byte) 0)
            .asSlice(0, 8);
    /** errno of {@link #signalEventFd}, never read: threads may race on it harmlessly. */
    private static final MemorySegment IGNORED_ERRNO = libc_h.allocateErrnoState(Arena.global());

    static {
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    private final MemorySegment errnoState;
    /** Small scratch space for option values, lengths and eventfd counters. */
    private final MemorySegment scratch;

    private Syscalls(Arena arena) {
        this.errnoState = libc_h.allocateErrnoState(arena);
        this.scratch = arena.allocate(SCRATCH_BYTES, 16);
    }

    /** An instance whose memory the garbage collector frees once it is unreachable. */
    public static Syscalls create() {
        return new Syscalls(Arena.ofAuto());
    }

    private int check(int result) {
        return result < 0 ? -libc_h.errno(errnoState) : result;
    }

    private long check(long result) {
        return result < 0 ? -libc_h.errno(errnoState) : result;
    }

    // ---- sockets

    public int socket(int domain, int type, int protocol) {
        return check(libc_h.socket(errnoState, domain, type, protocol));
    }

    public int bind(int fd, MemorySegment address, int length) {
        return check(libc_h.bind(errnoState, fd, address, length));
    }

    public int listen(int fd, int backlog) {
        return check(libc_h.listen(errnoState, fd, backlog));
    }

    /** {@code accept4} without asking for the peer's address. */
    public int accept4(int fd, int flags) {
        return check(libc_h.accept4(errnoState, fd, MemorySegment.NULL, MemorySegment.NULL, flags));
    }

    public int connect(int fd, MemorySegment address, int length) {
        return check(libc_h.connect(errnoState, fd, address, length));
    }

    public int setsockoptInt(int fd, int level, int name, int value) {
        scratch.set(ValueLayout.JAVA_INT, 0, value);
        return check(libc_h.setsockopt(errnoState, fd, level, name, scratch, 4));
    }

    /** Sets {@code SO_LINGER}; {@code l_onoff = 1, l_linger = 0} makes {@code close} send RST. */
    public int setLinger(int fd, boolean on, int seconds) {
        scratch.set(ValueLayout.JAVA_INT, 0, on ? 1 : 0);
        scratch.set(ValueLayout.JAVA_INT, 4, seconds);
        return check(libc_h.setsockopt(errnoState, fd, libc_h.SOL_SOCKET, libc_h.SO_LINGER, scratch, 8));
    }

    /** The option's value; or {@code -errno} (options read here are never negative). */
    public int getsockoptInt(int fd, int level, int name) {
        scratch.set(ValueLayout.JAVA_INT, 0, 0);
        scratch.set(ValueLayout.JAVA_INT, 8, 4);
        int r = check(libc_h.getsockopt(errnoState, fd, level, name, scratch, scratch.asSlice(8, 4)));
        return r < 0 ? r : scratch.get(ValueLayout.JAVA_INT, 0);
    }

    /** Writes the local address into {@code address}; returns its length or {@code -errno}. */
    public int getsockname(int fd, MemorySegment address) {
        scratch.set(ValueLayout.JAVA_INT, 0, (int) address.byteSize());
        int r = check(libc_h.getsockname(errnoState, fd, address, scratch));
        return r < 0 ? r : scratch.get(ValueLayout.JAVA_INT, 0);
    }

    /** Writes the peer's address into {@code address}; returns its length or {@code -errno}. */
    public int getpeername(int fd, MemorySegment address) {
        scratch.set(ValueLayout.JAVA_INT, 0, (int) address.byteSize());
        int r = check(libc_h.getpeername(errnoState, fd, address, scratch));
        return r < 0 ? r : scratch.get(ValueLayout.JAVA_INT, 0);
    }

    public int shutdown(int fd, int how) {
        return check(libc_h.shutdown(errnoState, fd, how));
    }

    public int close(int fd) {
        return check(libc_h.close(errnoState, fd));
    }

    // ---- reads and writes (non-blocking descriptors only)

    public long read(int fd, MemorySegment buffer, long count) {
        return check(libc_h.read(errnoState, fd, buffer, count));
    }

    public long write(int fd, MemorySegment buffer, long count) {
        return check(libc_h.write(errnoState, fd, buffer, count));
    }

    public long readv(int fd, MemorySegment iov, int count) {
        return check(libc_h.readv(errnoState, fd, iov, count));
    }

    public long writev(int fd, MemorySegment iov, int count) {
        return check(libc_h.writev(errnoState, fd, iov, count));
    }

    public long send(int fd, MemorySegment buffer, long count, int flags) {
        return check(libc_h.send(errnoState, fd, buffer, count, flags));
    }

    /** {@code send} of {@code count} bytes at native address {@code address}. */
    public long send(int fd, long address, long count, int flags) {
        return check(libc_h.send_address(errnoState, fd, address, count, flags));
    }

    public long sendmsg(int fd, MemorySegment msghdr, int flags) {
        return check(libc_h.sendmsg(errnoState, fd, msghdr, flags));
    }

    // ---- epoll and eventfd

    public int epollCreate() {
        return check(libc_h.epoll_create1(errnoState, libc_h.EPOLL_CLOEXEC));
    }

    /** {@code epoll_ctl} with an event whose {@code data.u64} is {@code data}. */
    public int epollCtl(int epfd, int op, int fd, int events, long data) {
        epoll_event.events(scratch, events);
        epoll_event.data(scratch, data);
        return check(libc_h.epoll_ctl(errnoState, epfd, op, fd, scratch));
    }

    /** Waits up to {@code timeoutMillis} (-1: forever, 0: poll without blocking). */
    public int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        int r = timeoutMillis == 0
                ? libc_h.epoll_wait_now(errnoState, epfd, events, maxEvents)
                : libc_h.epoll_wait(errnoState, epfd, events, maxEvents, timeoutMillis);
        return check(r);
    }

    public int eventfd(int initialValue, int flags) {
        return check(libc_h.eventfd(errnoState, initialValue, flags));
    }

    /** Adds {@code value} to an eventfd counter. */
    public long eventfdWrite(int fd, long value) {
        scratch.set(ValueLayout.JAVA_LONG, 0, value);
        return check(libc_h.write(errnoState, fd, scratch, 8));
    }

    /**
     * Adds 1 to an eventfd counter; callable from any thread without an instance (event loops are woken
     * this way). The result is ignored: the only failure, a counter at its maximum, still leaves it readable.
     */
    public static void signalEventFd(int fd) {
        libc_h.write(IGNORED_ERRNO, fd, ONE, 8);
    }

    /** Reads and resets an eventfd counter; {@code -EAGAIN} when it is zero. */
    public long eventfdRead(int fd) {
        long r = check(libc_h.read(errnoState, fd, scratch, 8));
        return r < 0 ? r : scratch.get(ValueLayout.JAVA_LONG, 0);
    }

    // ---- memory mapping

    /** The mapped address, or {@code -errno}. */
    public long mmap(long length, int prot, int flags, int fd, long offset) {
        MemorySegment address = libc_h.mmap(errnoState, MemorySegment.NULL, length, prot, flags, fd, offset);
        return address.address() == libc_h.MAP_FAILED ? -libc_h.errno(errnoState) : address.address();
    }

    public int munmap(long address, long length) {
        return check(libc_h.munmap(errnoState, MemorySegment.ofAddress(address), length));
    }

    // ---- io_uring

    public int ioUringSetup(int entries, MemorySegment params) {
        return check(libc_h.io_uring_setup(errnoState, entries, params));
    }

    public int ioUringEnter(int ringFd, int toSubmit, int minComplete, int flags, MemorySegment arg, long argSize) {
        if (minComplete == 0 && arg.address() == 0) {
            return check(libc_h.io_uring_enter_nowait(errnoState, ringFd, toSubmit, flags));
        }
        return check(libc_h.io_uring_enter(errnoState, ringFd, toSubmit, minComplete, flags, arg, argSize));
    }

    public int ioUringRegister(int ringFd, int opcode, MemorySegment arg, int nrArgs) {
        return check(libc_h.io_uring_register(errnoState, ringFd, opcode, arg, nrArgs));
    }
}
