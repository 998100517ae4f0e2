package io.fasterapi.linux;

import io.fasterapi.linux.ffi.libc_h;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallsTest {
    private final Syscalls sys = Syscalls.create();

    @Test
    void failedCallsReturnNegativeErrno() {
        assertEquals(-Errno.EBADF.code(), sys.close(987_654));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            assertEquals(-Errno.EBADF.code(), sys.read(987_654, buf, 8));
        }
    }

    @Test
    void eventfdCountsWritesAndResetsOnRead() {
        int fd = sys.eventfd(0, libc_h.EFD_NONBLOCK | libc_h.EFD_CLOEXEC);
        assertTrue(fd >= 0);
        try {
            assertEquals(-Errno.EAGAIN.code(), sys.eventfdRead(fd));
            assertEquals(8, sys.eventfdWrite(fd, 2));
            assertEquals(8, sys.eventfdWrite(fd, 3));
            assertEquals(5, sys.eventfdRead(fd));
            assertEquals(-Errno.EAGAIN.code(), sys.eventfdRead(fd));
        } finally {
            sys.close(fd);
        }
    }

    @Test
    void listeningSocketAcceptsAJdkClientAndExchangesBytes() throws IOException {
        int listenFd = LinuxSocket.listen(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LinuxSocket.PortSharing.LEAD, 16);
        try (Arena arena = Arena.ofConfined()) {
            InetSocketAddress local = (InetSocketAddress) LinuxSocket.localAddress(sys, listenFd);
            assertTrue(local.getPort() > 0);
            try (Socket client = new Socket(local.getAddress(), local.getPort())) {
                int fd = acceptBlocking(listenFd);
                try {
                    client.getOutputStream().write("ping".getBytes());
                    MemorySegment buf = arena.allocate(16);
                    long n = readBlocking(fd, buf);
                    assertEquals("ping", new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
                    MemorySegment reply = arena.allocateFrom("pong");
                    assertEquals(4, sys.write(fd, reply, 4));
                    byte[] got = client.getInputStream().readNBytes(4);
                    assertEquals("pong", new String(got));
                    SocketAddress peer = LinuxSocket.remoteAddress(sys, fd);
                    assertEquals(client.getLocalPort(), ((InetSocketAddress) peer).getPort());
                } finally {
                    sys.close(fd);
                }
            }
        } finally {
            sys.close(listenFd);
        }
    }

    @Test
    void connectToAClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        int fd = LinuxSocket.openStream(sys, target, true);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SocketAddresses.STORAGE_BYTES);
            int len = SocketAddresses.encode(target, addr);
            int r = sys.connect(fd, addr, len);
            if (r == -Errno.EINPROGRESS.code()) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                do {
                    r = LinuxSocket.pendingError(sys, fd);
                } while (r == 0 && System.nanoTime() < deadline && sleep());
            }
            assertEquals(-Errno.ECONNREFUSED.code(), r);
            IOException e = NativeIoException.of("connect", r, target.toString());
            assertInstanceOf(ConnectException.class, e);
            assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
        } finally {
            sys.close(fd);
        }
    }

    @Test
    void socketOptionsAreAppliedAndReadBack() throws IOException {
        int fd = LinuxSocket.openStream(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), true);
        try {
            LinuxSocket.configure(sys, fd, true, true, true, 256 * 1024, 128 * 1024);
            assertEquals(1, sys.getsockoptInt(fd, libc_h.IPPROTO_TCP, libc_h.TCP_NODELAY));
            assertEquals(1, sys.getsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_KEEPALIVE));
            // Linux doubles the requested size for its own bookkeeping.
            assertEquals(2 * 256 * 1024, sys.getsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_RCVBUF));
            assertEquals(2 * 128 * 1024, sys.getsockoptInt(fd, libc_h.SOL_SOCKET, libc_h.SO_SNDBUF));
        } finally {
            sys.close(fd);
        }
    }

    @Test
    void bindingATakenPortNamesTheAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> LinuxSocket.listen(sys, taken, LinuxSocket.PortSharing.EXCLUSIVE, 1));
            assertInstanceOf(java.net.BindException.class, e);
            assertTrue(e.getMessage().contains("EADDRINUSE") && e.getMessage().contains(String.valueOf(taken.getPort())),
                    e.getMessage());
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private int acceptBlocking(int listenFd) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            int fd = sys.accept4(listenFd, libc_h.SOCK_NONBLOCK | libc_h.SOCK_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            assertEquals(-Errno.EAGAIN.code(), fd);
            assertTrue(System.nanoTime() < deadline, "no connection to accept");
            sleep();
        }
    }

    private long readBlocking(int fd, MemorySegment buf) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            long n = sys.read(fd, buf, buf.byteSize());
            if (n > 0) {
                return n;
            }
            assertEquals(-Errno.EAGAIN.code(), n);
            assertTrue(System.nanoTime() < deadline, "nothing to read");
            sleep();
        }
    }
}
