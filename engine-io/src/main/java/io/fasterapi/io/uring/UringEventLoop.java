package io.fasterapi.io.uring;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.socket.ConnectionTable;
import io.fasterapi.io.socket.Listener;
import io.fasterapi.io.socket.SocketConnection;
import io.fasterapi.io.socket.LinuxSocketEventLoop;
import io.fasterapi.linux.Errno;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.ffi.libc_h;
import io.fasterapi.linux.uring.BufferRing;
import io.fasterapi.linux.uring.CompletionHandler;
import io.fasterapi.linux.uring.CompletionQueue;
import io.fasterapi.linux.uring.IoUring;
import io.fasterapi.linux.uring.IoUringRing;
import io.fasterapi.linux.uring.SubmissionQueue;
import io.fasterapi.linux.uring.UserData;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_BUFFER_SHIFT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_BUFFER;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_MORE;

/**
 * The io_uring backend. One ring per loop, created on the loop thread with {@code SINGLE_ISSUER} and
 * {@code DEFER_TASKRUN} where the kernel has them. Listeners run a multishot accept; connections run a
 * multishot recv that takes buffers from the loop's provided-buffer ring, so an idle connection holds no
 * read buffer. Each connection keeps at most one send in flight, gathering its whole output chain into it
 * ({@code sendmsg} with an iovec array); more output waits and goes with the next send. Every SQE of a turn
 * is submitted by the single {@code io_uring_enter} that also waits for the next completions.
 */
public final class UringEventLoop extends LinuxSocketEventLoop implements CompletionHandler {
    private static final System.Logger LOG = System.getLogger(UringEventLoop.class.getName());
    static final int OP_WAKEUP = 1;
    static final int OP_ACCEPT = 2;
    static final int OP_RECV = 3;
    static final int OP_SEND = 4;
    static final int OP_CANCEL = 5;
    static final int OP_CONNECT = 6;
    private static final short BUFFER_GROUP = 0;
    /** How long cleanup waits for cancelled operations to finish before closing sockets regardless. */
    private static final long CLEANUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Syscalls sys;
    private Arena arena;
    private IoUringRing ring;
    private SubmissionQueue sq;
    private CompletionQueue cq;
    private BufferRing buffers;
    private SendDescriptors sendDescriptors;
    private int wakeFd = -1;
    private MemorySegment wakeCounter;
    private boolean wakeArmed;
    private boolean cleaningUp;
    private final ConnectionTable<UringConnection> table;
    private final List<Listener> listeners = new ArrayList<>();
    /** Connections whose multishot recv ended for lack of buffers: re-armed after the batch returns them. */
    private final List<UringConnection> recvRearm = new ArrayList<>();

    public UringEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
        this.table = new ConnectionTable<>(config.maxConnectionsPerLoop());
    }

    @Override
    public Transport transport() {
        return Transport.IO_URING;
    }

    @Override
    protected void init() throws IOException {
        sys = Syscalls.create();
        arena = Arena.ofShared();
        // Created on the loop thread: with SINGLE_ISSUER the ring belongs to the thread that creates it.
        ring = IoUringRing.create(sys, config.submissionQueueEntries(), config.completionQueueEntries(),
                IoUring.recommendedSetupFlags());
        sq = ring.submissionQueue();
        cq = ring.completionQueue();
        try {
            buffers = BufferRing.register(ring, BUFFER_GROUP, config.receiveBufferCount(), config.receiveBufferBytes());
            sendDescriptors = new SendDescriptors(arena);
            wakeFd = sys.eventfd(0, libc_h.EFD_CLOEXEC);
            if (wakeFd < 0) {
                throw NativeIoException.of("eventfd", wakeFd);
            }
            wakeCounter = arena.allocate(8, 8);
            armWakeup();
        } catch (IOException | RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    private void armWakeup() {
        sq.read(wakeFd, wakeCounter.address(), 8, UserData.pack(OP_WAKEUP, 0, 0));
        wakeArmed = true;
    }

    @Override
    protected void poll(long timeoutNanos) {
        int r = ring.submitAndWait(timeoutNanos);
        if (r < 0 && r != -Errno.ETIME.code() && r != -Errno.EINTR.code() && r != -Errno.EBUSY.code()
                && r != -Errno.EAGAIN.code()) {
            throw new IllegalStateException("io_uring_enter failed: " + Errno.describe(r));
        }
        cq.process(this, Integer.MAX_VALUE);
        if (!recvRearm.isEmpty()) {
            for (UringConnection c : recvRearm) {
                c.rearmQueued = false;
                c.armRecvIfWanted();
            }
            recvRearm.clear();
        }
    }

    @Override
    protected void wakeup() {
        Syscalls.signalEventFd(wakeFd);
    }

    @Override
    public void complete(long userData, int res, int flags) {
        int op = UserData.op(userData);
        int slot = UserData.slot(userData);
        switch (op) {
            case OP_WAKEUP -> {
                wakeArmed = false;
                if (!cleaningUp) {
                    armWakeup();
                }
            }
            case OP_ACCEPT -> acceptCompleted(slot, res, flags);
            case OP_RECV, OP_SEND, OP_CANCEL, OP_CONNECT -> {
                UringConnection c = table.get(slot, UserData.generation(userData));
                if (c == null) {
                    // Cannot happen while slots are held until every operation completed; keep buffers safe anyway.
                    if ((flags & IORING_CQE_F_BUFFER) != 0) {
                        buffers.recycle(flags >>> IORING_CQE_BUFFER_SHIFT);
                    }
                    return;
                }
                switch (op) {
                    case OP_RECV -> c.recvCompleted(res, flags);
                    case OP_SEND -> c.sendCompleted(res);
                    case OP_CANCEL -> c.cancelCompleted();
                    default -> c.connectCompleted(res);
                }
            }
            default -> throw new IllegalStateException("unknown io_uring op " + op + " in user data " + userData);
        }
    }

    @Override
    protected void cleanup() {
        cleaningUp = true;
        for (Listener listener : listeners) {
            if (listener != null) {
                stopAccepting(listener);
            }
        }
        // Aborted connections wait for their cancelled recv/send; let those complete, within a bound.
        long deadline = System.nanoTime() + CLEANUP_WAIT_NANOS;
        while ((table.size() > 0 || wakeArmed || listenersOpen()) && System.nanoTime() - deadline < 0) {
            if (wakeArmed) {
                sq.cancel(UserData.pack(OP_WAKEUP, 0, 0), UserData.pack(OP_CANCEL, -1, 0));
                wakeArmed = false;
            }
            ring.submitAndWait(TimeUnit.MILLISECONDS.toNanos(10));
            cq.process(this, Integer.MAX_VALUE);
        }
        table.forEach(UringConnection::forceClose);
        for (Listener listener : listeners) {
            if (listener != null && !listener.closed().isDone()) {
                sys.close(listener.fd());
                listener.closed().complete(null);
            }
        }
        buffers.close();
        ring.close();
        if (wakeFd >= 0) {
            sys.close(wakeFd);
        }
        arena.close();
    }

    private boolean listenersOpen() {
        for (Listener listener : listeners) {
            if (listener != null && !listener.closed().isDone()) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void forEachConnection(Consumer<SocketConnection> action) {
        table.forEach(action);
    }

    // ---------------------------------------------------------------- accepting

    @Override
    protected void startAccepting(Listener listener) {
        if (listener.stopped) {
            return;
        }
        listeners.add(listener);
        armAccept(listener);
    }

    private void armAccept(Listener listener) {
        // Accepted sockets stay blocking: io_uring polls by itself, and with O_NONBLOCK some kernels hand
        // EAGAIN back to us instead of waiting for readiness.
        sq.acceptMultishot(listener.fd(), libc_h.SOCK_CLOEXEC,
                UserData.pack(OP_ACCEPT, listeners.indexOf(listener), 0));
        listener.accepting = true;
    }

    @Override
    protected void stopAccepting(Listener listener) {
        if (listener.stopped) {
            return;
        }
        listener.stopped = true;
        if (listener.accepting) {
            // The accept's final CQE (-ECANCELED) closes the socket and completes listener.closed().
            sq.cancel(UserData.pack(OP_ACCEPT, listeners.indexOf(listener), 0), UserData.pack(OP_CANCEL, -1, 0));
        } else {
            closeListener(listener);
        }
    }

    private void closeListener(Listener listener) {
        sys.close(listener.fd());
        int index = listeners.indexOf(listener);
        if (index >= 0) {
            listeners.set(index, null);
        }
        listener.closed().complete(null);
    }

    private void acceptCompleted(int index, int res, int flags) {
        Listener listener = index >= 0 && index < listeners.size() ? listeners.get(index) : null;
        if (listener == null) {
            if (res >= 0) {
                sys.close(res);
            }
            return;
        }
        if (res >= 0) {
            if (listener.stopped) {
                sys.close(res);
            } else {
                dispatchAccepted(res, listener);
            }
        }
        if ((flags & IORING_CQE_F_MORE) != 0) {
            return;
        }
        listener.accepting = false;
        if (listener.stopped) {
            closeListener(listener);
        } else if (res < 0 && res != -Errno.ECANCELED.code()) {
            // EMFILE and friends: re-arming at once would spin on the same error.
            LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener + ": " + Errno.describe(res)
                    + "; retrying in 100 ms");
            schedule(() -> {
                if (!listener.stopped) {
                    armAccept(listener);
                }
            }, 100, TimeUnit.MILLISECONDS);
        } else {
            armAccept(listener);
        }
    }

    @Override
    protected void adoptFd(int fd, Listener listener) {
        ConnectionHandler handler;
        try {
            handler = listener.newHandler();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler factory failed; closing accepted connection", e);
            sys.close(fd);
            return;
        }
        boolean unix = listener.isUnixDomain();
        UringConnection c = new UringConnection(this, fd, handler, unix);
        if (!register(c)) {
            return;
        }
        c.opened();
        c.armRecvIfWanted();
    }

    private boolean register(UringConnection c) {
        try {
            LinuxSocket.configure(sys, c.fd, !c.unix, config.tcpNoDelay(), config.keepAlive(),
                    config.socketReceiveBufferBytes(), config.socketSendBufferBytes());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot configure socket; closing it", e);
            sys.close(c.fd);
            return false;
        }
        int slot = table.add(c);
        if (slot < 0) {
            LOG.log(System.Logger.Level.WARNING, "loop " + index() + " is at maxConnectionsPerLoop ("
                    + config.maxConnectionsPerLoop() + "); refusing a connection");
            sys.close(c.fd);
            return false;
        }
        c.bind(slot, table.generation(slot));
        return true;
    }

    // ---------------------------------------------------------------- connecting

    @Override
    protected void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future) {
        int fd;
        try {
            fd = LinuxSocket.openStream(sys, address, false);
        } catch (IOException e) {
            future.completeExceptionally(e);
            return;
        }
        UringConnection c = new UringConnection(this, fd, handler, address instanceof UnixDomainSocketAddress);
        if (!register(c)) {
            future.completeExceptionally(new IOException("cannot register connection to " + address));
            return;
        }
        c.startConnect(address, future);
    }

    // ---------------------------------------------------------------- pieces used by connections

    SubmissionQueue sq() {
        return sq;
    }

    Syscalls sys() {
        return sys;
    }

    BufferRing buffers() {
        return buffers;
    }

    SendDescriptors sendDescriptors() {
        return sendDescriptors;
    }

    void rearmRecvLater(UringConnection c) {
        if (!c.rearmQueued) {
            c.rearmQueued = true;
            recvRearm.add(c);
        }
    }

    void remove(UringConnection c, int slot) {
        table.remove(slot);
    }
}
