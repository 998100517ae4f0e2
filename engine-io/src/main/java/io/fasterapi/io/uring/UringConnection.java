package io.fasterapi.io.uring;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;
import io.fasterapi.io.socket.SocketConnection;
import io.fasterapi.linux.Errno;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.SocketAddresses;
import io.fasterapi.linux.ffi.libc_h;
import io.fasterapi.linux.uring.BufferRing;
import io.fasterapi.linux.uring.UserData;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_BUFFER_SHIFT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_BUFFER;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_CQE_F_MORE;

/**
 * A connection on the io_uring backend. Operations in flight are counted; the socket is closed and the
 * slot freed only when the last of them has posted its final completion, so no completion ever refers to a
 * reused slot and no buffer the kernel still reads is returned to the pool.
 *
 * <p>The multishot recv ({@link Recv}) is re-armed whenever the connection still {@link #wantsInput()}; the
 * release ({@link Release}) waits for every operation in flight before the descriptor is closed.
 */
final class UringConnection extends SocketConnection {
    private final UringEventLoop uring;
    final int fd;
    final boolean unix;
    private int slot = -1;
    private int generation;
    private long recvUserData;
    private long sendUserData;
    private long cancelUserData;
    private long connectUserData;
    /**
     * The multishot recv. Transitions: {@code IDLE -> ARMED} (armed while input is wanted),
     * {@code ARMED -> CANCELLING} (pause or release asked the kernel to cancel it), {@code ARMED|CANCELLING -> IDLE}
     * (a CQE without {@code IORING_CQE_F_MORE} ended it: EOF, an error, {@code -ENOBUFS}, or {@code -ECANCELED}).
     */
    private enum Recv {
        IDLE,
        ARMED,
        CANCELLING
    }

    /**
     * Releasing the socket. Transitions: {@code LIVE -> DRAINING} (doRelease: operations in flight are cancelled),
     * {@code DRAINING -> DONE} (the last final CQE arrived: the descriptor is closed, the slot freed);
     * {@code LIVE|DRAINING -> DONE} at loop cleanup.
     */
    private enum Release {
        LIVE,
        DRAINING,
        DONE
    }

    private Recv recv = Recv.IDLE;
    private Release release = Release.LIVE;
    private boolean sendInFlight;
    private int sendDescriptor = -1;
    /** Operations whose final CQE has not arrived: recv, send, cancels, connect. */
    private int inFlight;
    /** Close with RST (abort) rather than FIN. */
    private boolean resetOnClose;
    boolean rearmQueued;
    private CompletableFuture<Channel> connectFuture;
    private SocketAddress connectAddress;
    private MemorySegment connectSockaddr;
    private Timer connectTimer;
    private boolean connectTimedOut;
    private SocketAddress remote;
    private SocketAddress local;

    UringConnection(UringEventLoop loop, int fd, ConnectionHandler handler, boolean unix) {
        super(loop, handler);
        this.uring = loop;
        this.fd = fd;
        this.unix = unix;
    }

    void bind(int slot, int generation) {
        this.slot = slot;
        this.generation = generation;
        this.recvUserData = UserData.pack(UringEventLoop.OP_RECV, slot, generation);
        this.sendUserData = UserData.pack(UringEventLoop.OP_SEND, slot, generation);
        this.cancelUserData = UserData.pack(UringEventLoop.OP_CANCEL, slot, generation);
        this.connectUserData = UserData.pack(UringEventLoop.OP_CONNECT, slot, generation);
    }

    @Override
    public SocketAddress remoteAddress() {
        if (remote == null && !isReleased()) {
            try {
                remote = LinuxSocket.remoteAddress(uring.sys(), fd);
            } catch (IOException e) {
                return null; // not connected (any more)
            }
        }
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        if (local == null && !isReleased()) {
            try {
                local = LinuxSocket.localAddress(uring.sys(), fd);
            } catch (IOException e) {
                return null;
            }
        }
        return local;
    }

    // ---------------------------------------------------------------- receiving

    void armRecvIfWanted() {
        if (recv == Recv.IDLE && release == Release.LIVE && connectFuture == null && wantsInput()) {
            uring.sq().recvMultishot(fd, uring.buffers().groupId(), recvUserData);
            recv = Recv.ARMED;
            inFlight++;
        }
    }

    void recvCompleted(int res, int flags) {
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        if (!more) {
            recv = Recv.IDLE;
            inFlight--;
        }
        if ((flags & IORING_CQE_F_BUFFER) != 0) {
            BufferRing buffers = uring.buffers();
            int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
            try {
                if (res > 0 && release == Release.LIVE) {
                    received(buffers.memory(), buffers.offset(bid), res);
                }
            } finally {
                buffers.recycle(bid);
            }
        }
        if (release != Release.LIVE) {
            maybeFinishRelease();
            return;
        }
        if (res == 0) {
            inputEnded();
        } else if (res < 0 && res != -Errno.ECANCELED.code() && res != -Errno.ENOBUFS.code()
                && res != -Errno.EAGAIN.code() && res != -Errno.EINTR.code()) {
            failed(NativeIoException.of("recv", res));
        } else if (!more) {
            if (res == -Errno.ENOBUFS.code()) {
                uring.rearmRecvLater(this); // after this batch has given its buffers back
            } else {
                armRecvIfWanted();
            }
        }
        maybeFinishRelease();
    }

    @Override
    protected void doPauseReading() {
        if (recv == Recv.ARMED) {
            // Data already in flight still arrives and is kept by the connection until resumed.
            uring.sq().cancel(recvUserData, cancelUserData);
            recv = Recv.CANCELLING;
            inFlight++;
        }
    }

    @Override
    protected void doResumeReading() {
        // If a cancel is still in flight the recv's final CQE re-arms it; otherwise arm now.
        armRecvIfWanted();
    }

    void cancelCompleted() {
        inFlight--;
        maybeFinishRelease();
    }

    // ---------------------------------------------------------------- sending

    @Override
    protected void doFlush() {
        if (sendInFlight || release != Release.LIVE || connectFuture != null) {
            return;
        }
        IoBuffer head = outboundHead();
        if (head == null) {
            return;
        }
        if (head.next() == null) {
            uring.sq().send(fd, head.segment().address() + head.readerIndex(), head.readableBytes(),
                    libc_h.MSG_NOSIGNAL, sendUserData);
        } else {
            sendDescriptor = uring.sendDescriptors().acquire();
            long msghdr = uring.sendDescriptors().fill(sendDescriptor, head);
            uring.sq().sendmsg(fd, msghdr, libc_h.MSG_NOSIGNAL, sendUserData);
        }
        sendInFlight = true;
        inFlight++;
    }

    void sendCompleted(int res) {
        sendInFlight = false;
        inFlight--;
        if (sendDescriptor >= 0) {
            uring.sendDescriptors().release(sendDescriptor);
            sendDescriptor = -1;
        }
        if (release != Release.LIVE) {
            maybeFinishRelease();
            return;
        }
        if (res > 0) {
            sent(res);
            if (release == Release.LIVE && hasPendingOutput()) {
                doFlush();
            }
        } else if (res == -Errno.EAGAIN.code() || res == -Errno.EINTR.code()) {
            doFlush(); // not expected on blocking sockets; retry rather than fail
        } else if (res == 0) {
            failed(new IOException("send made no progress"));
        } else {
            failed(NativeIoException.of("send", res));
        }
        maybeFinishRelease();
    }

    @Override
    protected void doShutdownOutput() {
        int r = uring.sys().shutdown(fd, libc_h.SHUT_WR);
        if (r < 0 && r != -Errno.ENOTCONN.code()) {
            failed(NativeIoException.of("shutdown", r));
        }
    }

    // ---------------------------------------------------------------- connecting

    void startConnect(SocketAddress address, CompletableFuture<Channel> future) {
        connectFuture = future;
        connectAddress = address;
        connectSockaddr = Arena.ofAuto().allocate(SocketAddresses.STORAGE_BYTES, 8);
        int len = SocketAddresses.encode(address, connectSockaddr);
        uring.sq().connect(fd, connectSockaddr.address(), len, connectUserData);
        inFlight++;
        connectTimer = loop.schedule(() -> {
            if (connectFuture != null) {
                connectTimedOut = true;
                uring.sq().cancel(connectUserData, cancelUserData);
                inFlight++;
            }
        }, engineConfig().connectTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    void connectCompleted(int res) {
        inFlight--;
        connectSockaddr = null;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        CompletableFuture<Channel> future = connectFuture;
        connectFuture = null;
        if (future == null || release != Release.LIVE) {
            maybeFinishRelease();
            return;
        }
        if (res == 0) {
            opened();
            future.complete(this);
            armRecvIfWanted();
            if (hasPendingOutput()) {
                doFlush();
            }
            return;
        }
        IOException error = connectTimedOut
                ? new ConnectException("connect to " + connectAddress + " timed out after "
                        + engineConfig().connectTimeoutMillis() + " ms")
                : NativeIoException.of("connect", res, String.valueOf(connectAddress));
        future.completeExceptionally(error);
        failed(error);
    }

    // ---------------------------------------------------------------- closing

    @Override
    protected void doRelease(boolean reset) {
        if (release != Release.LIVE) {
            return;
        }
        release = Release.DRAINING;
        this.resetOnClose = reset;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (recv == Recv.ARMED) {
            uring.sq().cancel(recvUserData, cancelUserData);
            recv = Recv.CANCELLING;
            inFlight++;
        }
        if (sendInFlight && resetOnClose) {
            uring.sq().cancel(sendUserData, cancelUserData);
            inFlight++;
        }
        if (connectFuture != null) {
            uring.sq().cancel(connectUserData, cancelUserData);
            inFlight++;
        }
        maybeFinishRelease();
    }

    private void maybeFinishRelease() {
        if (release != Release.DRAINING || inFlight > 0) {
            return;
        }
        release = Release.DONE;
        closeSocket();
        // Deliver onClose on a later task so a handler never hears it from inside its own callback.
        loop.execute(this::closed);
    }

    private void closeSocket() {
        if (resetOnClose && !unix) {
            uring.sys().setLinger(fd, true, 0);
        }
        uring.sys().close(fd);
        uring.remove(this, slot);
    }

    /** Loop cleanup: operations never completed; close the socket regardless. */
    void forceClose() {
        if (release != Release.DONE) {
            release = Release.DONE;
            closeSocket();
            closed();
        }
    }
}
