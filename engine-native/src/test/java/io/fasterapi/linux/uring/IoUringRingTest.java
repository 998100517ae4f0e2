package io.fasterapi.linux.uring;

import io.fasterapi.linux.Errno;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.ffi.libc_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_BUFFER_SHIFT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_BUFFER;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_MORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoUringRingTest {
    private final Syscalls sys = Syscalls.create();

    record Cqe(long userData, int res, int flags) {}

    @BeforeAll
    static void requireIoUring() {
        IoUringTestSupport.assumeOrRequireIoUring();
    }

    private static List<Cqe> drain(IoUringRing ring, int expected, long waitNanos) {
        List<Cqe> out = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.size() < expected && System.nanoTime() < deadline) {
            ring.submitAndWait(waitNanos);
            ring.completionQueue().process((u, r, f) -> out.add(new Cqe(u, r, f)), Integer.MAX_VALUE);
        }
        return out;
    }

    @Test
    void nopCompletesWithItsUserData() throws IOException {
        try (IoUringRing ring = IoUringRing.create(sys, 8, 32, IoUring.recommendedSetupFlags())) {
            ring.submissionQueue().nop(UserData.pack(5, 77, 3));
            List<Cqe> cqes = drain(ring, 1, 100_000_000L);
            assertEquals(1, cqes.size());
            assertEquals(UserData.pack(5, 77, 3), cqes.get(0).userData());
            assertEquals(0, cqes.get(0).res());
            assertTrue(ring.ringFdRegistered(), "kernels 5.18+ register the ring fd");
        }
    }

    @Test
    void timedWaitEndsWithEtimeWhenNothingCompletes() throws IOException {
        try (IoUringRing ring = IoUringRing.create(sys, 8, 32, IoUring.recommendedSetupFlags())) {
            long start = System.nanoTime();
            int r = ring.submitAndWait(20_000_000L);
            assertEquals(-Errno.ETIME.code(), r);
            assertTrue(System.nanoTime() - start >= 15_000_000L, "returned before the timeout");
        }
    }

    @Test
    void moreSubmissionsThanTheQueueHoldsAreSubmittedInline() throws IOException {
        try (IoUringRing ring = IoUringRing.create(sys, 4, 64, IoUring.recommendedSetupFlags())) {
            for (int i = 0; i < 20; i++) {
                ring.submissionQueue().nop(i);
            }
            List<Cqe> cqes = drain(ring, 20, 100_000_000L);
            assertEquals(20, cqes.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, cqes.get(i).userData());
            }
        }
    }

    @Test
    void completionsBeyondTheCqRingAreKeptAndDelivered() throws IOException {
        // CQ of 8 entries (the smallest the kernel allows with an 8-entry SQ), 32 completions: the kernel holds the overflow (IORING_FEAT_NODROP) until we enter.
        try (IoUringRing ring = IoUringRing.create(sys, 8, 8, IoUring.recommendedSetupFlags())) {
            for (int i = 0; i < 32; i++) {
                ring.submissionQueue().nop(i);
            }
            ring.submitAndWait(0);
            List<Cqe> cqes = drain(ring, 32, 100_000_000L);
            assertEquals(32, cqes.size());
            assertEquals(0, ring.completionQueue().overflowCount(), "no completion may be dropped");
        }
    }

    @Test
    void eventfdReadWakesAWaitingRingFromAnotherThread() throws Exception {
        int efd = sys.eventfd(0, libc_h.EFD_CLOEXEC);
        try (IoUringRing ring = IoUringRing.create(sys, 8, 32, IoUring.recommendedSetupFlags());
             Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(8);
            ring.submissionQueue().read(efd, counter.address(), 8, 99);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException ignored) {
                    return;
                }
                Syscalls.create().eventfdWrite(efd, 7);
            });
            List<Cqe> cqes = drain(ring, 1, -1);
            writer.join();
            assertEquals(99, cqes.get(0).userData());
            assertEquals(8, cqes.get(0).res());
            assertEquals(7, counter.get(ValueLayout.JAVA_LONG, 0));
        } finally {
            sys.close(efd);
        }
    }

    @Test
    void multishotAcceptAndMultishotRecvThroughABufferRing() throws IOException {
        int listenFd = LinuxSocket.listen(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LinuxSocket.PortSharing.EXCLUSIVE, 16);
        int port = ((InetSocketAddress) LinuxSocket.localAddress(sys, listenFd)).getPort();
        try (IoUringRing ring = IoUringRing.create(sys, 16, 64, IoUring.recommendedSetupFlags());
             BufferRing buffers = BufferRing.register(ring, (short) 1, 4, 32);
             Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
            ring.submissionQueue().acceptMultishot(listenFd, libc_h.SOCK_NONBLOCK | libc_h.SOCK_CLOEXEC, 1);
            List<Cqe> accepted = drain(ring, 2, 100_000_000L);
            assertEquals(2, accepted.size());
            for (Cqe c : accepted) {
                assertTrue(c.res() >= 0, "accept failed: " + Errno.describe(c.res()));
                assertTrue((c.flags() & IORING_CQE_F_MORE) != 0, "multishot accept must stay armed");
            }
            int fd = accepted.get(0).res();
            ring.submissionQueue().recvMultishot(fd, (short) 1, 2);
            OutputStream out = a.getOutputStream();
            // 40 bytes with 32-byte buffers: the data arrives in at least two buffers.
            out.write("0123456789012345678901234567890123456789".getBytes());
            out.flush();
            StringBuilder received = new StringBuilder();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received.length() < 40 && System.nanoTime() < deadline) {
                for (Cqe c : drain(ring, 1, 100_000_000L)) {
                    if (c.userData() != 2) {
                        continue; // the second connection's accept is already counted
                    }
                    assertTrue(c.res() > 0, "recv failed: " + Errno.describe(c.res()));
                    assertTrue((c.flags() & IORING_CQE_F_BUFFER) != 0);
                    assertTrue((c.flags() & IORING_CQE_F_MORE) != 0);
                    int bid = c.flags() >>> IORING_CQE_BUFFER_SHIFT;
                    byte[] bytes = buffers.memory().asSlice(buffers.offset(bid), c.res()).toArray(ValueLayout.JAVA_BYTE);
                    received.append(new String(bytes));
                    buffers.recycle(bid);
                }
            }
            assertEquals("0123456789012345678901234567890123456789", received.toString());
            a.shutdownOutput();
            List<Cqe> eof = drain(ring, 1, 100_000_000L);
            assertEquals(0, eof.get(0).res(), "EOF is a zero-length completion");
            assertFalse((eof.get(0).flags() & IORING_CQE_F_MORE) != 0, "EOF ends the multishot");
            for (Cqe c : accepted) {
                sys.close(c.res());
            }
        } finally {
            sys.close(listenFd);
        }
    }
}
