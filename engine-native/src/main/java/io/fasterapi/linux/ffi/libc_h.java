// Shaped like jextract output for the headers in jextract/libc.h (symbols: jextract/includes-libc.txt), trimmed to what the engine
// calls. jextract cannot be installed on the build machines, so this file is kept by hand; see
// jextract/README.md for how to regenerate it where jextract exists. Two deliberate differences from
// plain jextract output: every function captures errno (the first parameter is the capture segment from
// Linker.Option.captureStateLayout()), and calls that never block are bound with Linker.Option.critical.
package io.fasterapi.linux.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * libc functions and constants: {@code <sys/socket.h>}, {@code <netinet/in.h>}, {@code <netinet/tcp.h>},
 * {@code <sys/un.h>}, {@code <sys/epoll.h>}, {@code <sys/eventfd.h>}, {@code <sys/uio.h>}, {@code <sys/mman.h>},
 * {@code <fcntl.h>}, {@code <unistd.h>}, {@code <sys/syscall.h>}, {@code <errno.h>} (x86_64 and aarch64
 * Linux values, which agree for everything here).
 */
@SuppressWarnings("unused")
public final class libc_h {
    private libc_h() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup SYMBOL_LOOKUP = LINKER.defaultLookup();

    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    /** Layout of the segment every function here takes first: where the call leaves {@code errno}. */
    public static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Allocates a capture segment for {@code errno}; each thread that calls libc needs its own. */
    public static MemorySegment allocateErrnoState(Arena arena) {
        return arena.allocate(ERRNO_STATE);
    }

    /** The {@code errno} the last call that used {@code state} left. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /**
     * Binds {@code name}. {@code critical} calls skip the thread-state transition (the GC waits for them to
     * return), so only calls that never block may be critical; none of them touches the Java heap.
     */
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, boolean critical) {
        MemorySegment symbol = SYMBOL_LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        return critical
                ? LINKER.downcallHandle(symbol, descriptor, errno, Linker.Option.critical(false))
                : LINKER.downcallHandle(symbol, descriptor, errno);
    }

    /** {@link #downcall} for {@code syscall(long number, ...)}. */
    static MethodHandle downcallVariadic(String name, FunctionDescriptor descriptor, boolean critical) {
        MemorySegment symbol = SYMBOL_LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        return critical
                ? LINKER.downcallHandle(symbol, descriptor, variadic, errno, Linker.Option.critical(false))
                : LINKER.downcallHandle(symbol, descriptor, variadic, errno);
    }

    static AssertionError unreachable(Throwable t) {
        return new AssertionError("should not reach here", t);
    }

    // ---- <bits/socket.h>, <netinet/in.h>, <netinet/tcp.h>

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    public static final int TCP_NODELAY = 1;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_WAITALL = 0x100;

    // ---- <sys/epoll.h>

    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLET = 1 << 31;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = 0x80000;

    // ---- <sys/eventfd.h>, <fcntl.h>

    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int O_NONBLOCK = 0x800;

    // ---- <sys/mman.h>

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final long MAP_FAILED = -1L;

    // ---- <asm/unistd_64.h>: the io_uring syscalls share these numbers on x86_64 and aarch64.

    public static final long SYS_io_uring_setup = 425;
    public static final long SYS_io_uring_enter = 426;
    public static final long SYS_io_uring_register = 427;

    // ---- functions

    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("socket", DESC, true);
    }

    /** {@snippet lang=c : int socket(int domain, int type, int protocol) } */
    public static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) socket.HANDLE.invokeExact(errno, domain, type, protocol);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("bind", DESC, true);
    }

    /** {@snippet lang=c : int bind(int fd, const struct sockaddr *addr, socklen_t len) } */
    public static int bind(MemorySegment errno, int fd, MemorySegment addr, int len) {
        try {
            return (int) bind.HANDLE.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class listen {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("listen", DESC, true);
    }

    /** {@snippet lang=c : int listen(int fd, int backlog) } */
    public static int listen(MemorySegment errno, int fd, int backlog) {
        try {
            return (int) listen.HANDLE.invokeExact(errno, fd, backlog);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class accept4 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("accept4", DESC, true);
    }

    /** {@snippet lang=c : int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) } */
    public static int accept4(MemorySegment errno, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) accept4.HANDLE.invokeExact(errno, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class connect {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("connect", DESC, true);
    }

    /** {@snippet lang=c : int connect(int fd, const struct sockaddr *addr, socklen_t len) } */
    public static int connect(MemorySegment errno, int fd, MemorySegment addr, int len) {
        try {
            return (int) connect.HANDLE.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class setsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("setsockopt", DESC, true);
    }

    /** {@snippet lang=c : int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen) } */
    public static int setsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) setsockopt.HANDLE.invokeExact(errno, fd, level, name, value, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getsockopt", DESC, true);
    }

    /** {@snippet lang=c : int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen) } */
    public static int getsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value,
                                 MemorySegment len) {
        try {
            return (int) getsockopt.HANDLE.invokeExact(errno, fd, level, name, value, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getsockname", DESC, true);
    }

    /** {@snippet lang=c : int getsockname(int fd, struct sockaddr *addr, socklen_t *len) } */
    public static int getsockname(MemorySegment errno, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) getsockname.HANDLE.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getpeername {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getpeername", DESC, true);
    }

    /** {@snippet lang=c : int getpeername(int fd, struct sockaddr *addr, socklen_t *len) } */
    public static int getpeername(MemorySegment errno, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) getpeername.HANDLE.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("shutdown", DESC, true);
    }

    /** {@snippet lang=c : int shutdown(int fd, int how) } */
    public static int shutdown(MemorySegment errno, int fd, int how) {
        try {
            return (int) shutdown.HANDLE.invokeExact(errno, fd, how);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        // Not critical: close() of a socket with SO_LINGER set may block.
        static final MethodHandle HANDLE = downcall("close", DESC, false);
    }

    /** {@snippet lang=c : int close(int fd) } */
    public static int close(MemorySegment errno, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("read", DESC, true);
    }

    /** {@snippet lang=c : ssize_t read(int fd, void *buf, size_t count) } Only for non-blocking descriptors. */
    public static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) read.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("write", DESC, true);
    }

    /** {@snippet lang=c : ssize_t write(int fd, const void *buf, size_t count) } Only for non-blocking descriptors. */
    public static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) write.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class readv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("readv", DESC, true);
    }

    /** {@snippet lang=c : ssize_t readv(int fd, const struct iovec *iov, int iovcnt) } */
    public static long readv(MemorySegment errno, int fd, MemorySegment iov, int iovcnt) {
        try {
            return (long) readv.HANDLE.invokeExact(errno, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class writev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("writev", DESC, true);
    }

    /** {@snippet lang=c : ssize_t writev(int fd, const struct iovec *iov, int iovcnt) } */
    public static long writev(MemorySegment errno, int fd, MemorySegment iov, int iovcnt) {
        try {
            return (long) writev.HANDLE.invokeExact(errno, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class send {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("send", DESC, true);
    }

    /** {@snippet lang=c : ssize_t send(int fd, const void *buf, size_t len, int flags) } */
    public static long send(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) send.HANDLE.invokeExact(errno, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class send_address {
        // The same function with the buffer as a raw address (LP64: a pointer travels like a long). Lets the
        // engine send from inside pooled segments without making a slice object per call.
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("send", DESC, true);
    }

    /** {@code send} with the buffer given as an address. */
    public static long send_address(MemorySegment errno, int fd, long address, long len, int flags) {
        try {
            return (long) send_address.HANDLE.invokeExact(errno, fd, address, len, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class sendmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("sendmsg", DESC, true);
    }

    /** {@snippet lang=c : ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) } */
    public static long sendmsg(MemorySegment errno, int fd, MemorySegment msg, int flags) {
        try {
            return (long) sendmsg.HANDLE.invokeExact(errno, fd, msg, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class epoll_create1 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("epoll_create1", DESC, true);
    }

    /** {@snippet lang=c : int epoll_create1(int flags) } */
    public static int epoll_create1(MemorySegment errno, int flags) {
        try {
            return (int) epoll_create1.HANDLE.invokeExact(errno, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class epoll_ctl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("epoll_ctl", DESC, true);
    }

    /** {@snippet lang=c : int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) } */
    public static int epoll_ctl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) epoll_ctl.HANDLE.invokeExact(errno, epfd, op, fd, event);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class epoll_wait {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT);
        // Blocks: must not be critical.
        static final MethodHandle HANDLE = downcall("epoll_wait", DESC, false);
    }

    /** {@snippet lang=c : int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) } */
    public static int epoll_wait(MemorySegment errno, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) epoll_wait.HANDLE.invokeExact(errno, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class epoll_wait_critical {
        // The same function bound as critical, for polls with a zero timeout (they never block).
        static final MethodHandle HANDLE = downcall("epoll_wait", epoll_wait.DESC, true);
    }

    /** {@code epoll_wait} with a zero timeout: never blocks, so it is bound as a critical call. */
    public static int epoll_wait_now(MemorySegment errno, int epfd, MemorySegment events, int maxEvents) {
        try {
            return (int) epoll_wait_critical.HANDLE.invokeExact(errno, epfd, events, maxEvents, 0);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class eventfd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("eventfd", DESC, true);
    }

    /** {@snippet lang=c : int eventfd(unsigned int initval, int flags) } */
    public static int eventfd(MemorySegment errno, int initval, int flags) {
        try {
            return (int) eventfd.HANDLE.invokeExact(errno, initval, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class mmap {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG);
        static final MethodHandle HANDLE = downcall("mmap", DESC, false);
    }

    /** {@snippet lang=c : void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) } */
    public static MemorySegment mmap(MemorySegment errno, MemorySegment addr, long length, int prot, int flags,
                                     int fd, long offset) {
        try {
            return (MemorySegment) mmap.HANDLE.invokeExact(errno, addr, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class munmap {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("munmap", DESC, false);
    }

    /** {@snippet lang=c : int munmap(void *addr, size_t length) } */
    public static int munmap(MemorySegment errno, MemorySegment addr, long length) {
        try {
            return (int) munmap.HANDLE.invokeExact(errno, addr, length);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class syscall_setup {
        // long syscall(long number, ...): every argument passed as a 64-bit long, as the kernel reads them.
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcallVariadic("syscall", DESC, false);
    }

    /** {@snippet lang=c : int io_uring_setup(u32 entries, struct io_uring_params *p) } through {@code syscall(2)}. */
    public static int io_uring_setup(MemorySegment errno, int entries, MemorySegment params) {
        try {
            return (int) (long) syscall_setup.HANDLE.invokeExact(errno, SYS_io_uring_setup, (long) entries, params);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class syscall_enter {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_POINTER, C_LONG);
        // Waits for completions: must not be critical.
        static final MethodHandle HANDLE = downcallVariadic("syscall", DESC, false);
    }

    /**
     * {@snippet lang=c :
     * int io_uring_enter2(unsigned int fd, u32 to_submit, u32 min_complete, u32 flags, const void *arg, size_t argsz)
     * }
     */
    public static int io_uring_enter(MemorySegment errno, int fd, int toSubmit, int minComplete, int flags,
                                     MemorySegment arg, long argSize) {
        try {
            return (int) (long) syscall_enter.HANDLE.invokeExact(errno, SYS_io_uring_enter, (long) fd,
                    (long) toSubmit, (long) minComplete, (long) flags, arg, argSize);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class syscall_enter_critical {
        static final MethodHandle HANDLE = downcallVariadic("syscall", syscall_enter.DESC, true);
    }

    /** {@code io_uring_enter} that submits without waiting ({@code min_complete == 0}): bound as critical. */
    public static int io_uring_enter_nowait(MemorySegment errno, int fd, int toSubmit, int flags) {
        try {
            return (int) (long) syscall_enter_critical.HANDLE.invokeExact(errno, SYS_io_uring_enter, (long) fd,
                    (long) toSubmit, 0L, (long) flags, MemorySegment.NULL, 0L);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class syscall_register {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcallVariadic("syscall", DESC, false);
    }

    /** {@snippet lang=c : int io_uring_register(unsigned int fd, unsigned int opcode, void *arg, unsigned int nr_args) } */
    public static int io_uring_register(MemorySegment errno, int fd, int opcode, MemorySegment arg, int nrArgs) {
        try {
            return (int) (long) syscall_register.HANDLE.invokeExact(errno, SYS_io_uring_register, (long) fd,
                    (long) opcode, arg, (long) nrArgs);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }
}
