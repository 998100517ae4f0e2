package io.fasterapi.linux;

import io.fasterapi.linux.ffi.libc_h;

import java.io.IOException;
import java.net.BindException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Socket set-up for the native transports: open, configure, bind, listen, connect, and read the addresses
 * back. Failures come back as {@link IOException}s that name the call and the error. These run at set-up
 * time, not per request.
 */
public final class LinuxSocket {
    private LinuxSocket() {}

    /**
     * A close-on-exec stream socket for {@code address}'s family; non-blocking when asked (epoll), blocking
     * otherwise (io_uring, which polls by itself and must not see {@code EAGAIN} from {@code O_NONBLOCK}).
     */
    public static int openStream(Syscalls sys, SocketAddress address, boolean nonBlocking) throws IOException {
        int fd = sys.socket(SocketAddresses.family(address),
                libc_h.SOCK_STREAM | libc_h.SOCK_CLOEXEC | (nonBlocking ? libc_h.SOCK_NONBLOCK : 0), 0);
        if (fd < 0) {
            throw NativeIoException.of("socket", fd);
        }
        return fd;
    }

    /** How a listening socket shares its port with others ({@code SO_REUSEPORT}). */
    public enum PortSharing {
        /** The port is this socket's alone. */
        EXCLUSIVE,
        /**
         * The first socket of a group (one per event loop): bound and listening without {@code SO_REUSEPORT},
         * so a port another process already listens on is refused with "address in use" instead of the
         * kernel silently splitting its connections between the two, then opened to the group.
         */
        LEAD,
        /** Joins the group that a {@link #LEAD} socket opened on the same port. */
        JOIN
    }

    /**
     * Opens a listening socket on {@code address}. Several sockets of one process (one per event loop) may
     * share a port ({@link PortSharing#LEAD} then {@link PortSharing#JOIN}): the kernel spreads connections
     * among them by hash. Returns the descriptor; the caller owns it. A port in use is a {@link BindException}
     * that says so.
     */
    public static int listen(Syscalls sys, SocketAddress address, PortSharing sharing, int backlog) throws IOException {
        int fd = openStream(sys, address, true);
        try {
            boolean inet = !(address instanceof UnixDomainSocketAddress);
            if (inet) {
                check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_REUSEADDR, 1), "setsockopt(SO_REUSEADDR)");
                if (sharing == PortSharing.JOIN) {
                    check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_REUSEPORT, 1), "setsockopt(SO_REUSEPORT)");
                }
            } else {
                Files.deleteIfExists(Path.of(((UnixDomainSocketAddress) address).getPath().toString()));
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE_BYTES);
                int len = SocketAddresses.encode(address, sockaddr);
                int r = sys.bind(fd, sockaddr, len);
                if (r == -Errno.EADDRINUSE.code()) {
                    throw addressInUse(address);
                }
                if (r < 0) {
                    throw NativeIoException.of("bind", r, address.toString());
                }
            }
            check(sys.listen(fd, backlog), "listen");
            if (inet && sharing == PortSharing.LEAD) {
                // Set after listen: the kernel forms the port's group from this socket when the next one joins.
                check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_REUSEPORT, 1), "setsockopt(SO_REUSEPORT)");
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    /** The error for a port that another socket (usually another process) is bound to. */
    public static BindException addressInUse(SocketAddress address) {
        return new BindException("address in use (EADDRINUSE): " + address
                + " (another process is listening on this port; stop it or choose another port)");
    }

    /**
     * Applies per-connection options: {@code TCP_NODELAY} and {@code SO_KEEPALIVE} (TCP only), and socket
     * buffer sizes when positive (0 leaves the kernel's autotuning alone).
     */
    public static void configure(Syscalls sys, int fd, boolean tcp, boolean noDelay, boolean keepAlive,
                                 int receiveBufferBytes, int sendBufferBytes) throws IOException {
        if (tcp) {
            check(sys.setsockoptInt(fd, libc_h.IPPROTO_TCP, libc_h.TCP_NODELAY, noDelay ? 1 : 0), "setsockopt(TCP_NODELAY)");
            if (keepAlive) {
                check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_KEEPALIVE, 1), "setsockopt(SO_KEEPALIVE)");
            }
        }
        if (receiveBufferBytes > 0) {
            check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_RCVBUF, receiveBufferBytes), "setsockopt(SO_RCVBUF)");
        }
        if (sendBufferBytes > 0) {
            check(sys.setsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_SNDBUF, sendBufferBytes), "setsockopt(SO_SNDBUF)");
        }
    }

    /** Sets {@code TCP_NODELAY}; does nothing for Unix sockets. */
    public static void setTcpNoDelay(Syscalls sys, int fd, boolean on) throws IOException {
        int r = sys.setsockoptInt(fd, libc_h.IPPROTO_TCP, libc_h.TCP_NODELAY, on ? 1 : 0);
        if (r < 0 && r != -Errno.EOPNOTSUPP.code()) {
            throw NativeIoException.of("setsockopt(TCP_NODELAY)", r);
        }
    }

    /** The address {@code fd} is bound to. */
    public static SocketAddress localAddress(Syscalls sys, int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE_BYTES);
            int len = sys.getsockname(fd, sockaddr);
            if (len < 0) {
                throw NativeIoException.of("getsockname", len);
            }
            return SocketAddresses.decode(sockaddr, len);
        }
    }

    /** The address of {@code fd}'s peer. */
    public static SocketAddress remoteAddress(Syscalls sys, int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE_BYTES);
            int len = sys.getpeername(fd, sockaddr);
            if (len < 0) {
                throw NativeIoException.of("getpeername", len);
            }
            return SocketAddresses.decode(sockaddr, len);
        }
    }

    /** The pending error of a socket ({@code SO_ERROR}) as a negative errno, or 0. */
    public static int pendingError(Syscalls sys, int fd) {
        int r = sys.getsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_ERROR);
        return r < 0 ? r : -r;
    }

    private static void check(int result, String operation) throws IOException {
        if (result < 0) {
            throw NativeIoException.of(operation, result);
        }
    }
}
