package io.fasterapi.io.epoll;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;
import io.fasterapi.io.socket.SocketConnection;
import io.fasterapi.linux.Errno;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.ffi.libc_h;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** A connection on the epoll backend. */
final class EpollConnection extends SocketConnection {
    final int fd;
    final boolean unix;
    int slot = -1;
    private final EpollEventLoop epoll;
    /** Input may be waiting (edge-triggered: we must read until EAGAIN before waiting again). */
    private boolean readable;
    /** EPOLLRDHUP/HUP/ERR seen: the peer will send nothing more, so no further input edge comes. */
    private boolean peerClosed;
    /** The last write hit EAGAIN: wait for EPOLLOUT. */
    private boolean writeBlocked;
    boolean queuedForRead;
    /** EPOLLOUT is in the registered events. */
    boolean outInterest;
    /** The epoll data of this connection: kind, slot and generation. */
    long token;
    CompletableFuture<Channel> connectFuture;
    SocketAddress connectAddress;
    Timer connectTimer;
    private SocketAddress remote;
    private SocketAddress local;

    EpollConnection(EpollEventLoop loop, int fd, ConnectionHandler handler, boolean unix) {
        super(loop, handler);
        this.epoll = loop;
        this.fd = fd;
        this.unix = unix;
    }

    @Override
    public SocketAddress remoteAddress() {
        if (remote == null && !isReleased()) {
            try {
                remote = LinuxSocket.remoteAddress(epoll.sys, fd);
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
                local = LinuxSocket.localAddress(epoll.sys, fd);
            } catch (IOException e) {
                return null;
            }
        }
        return local;
    }

    int events() {
        return libc_h.EPOLLIN | libc_h.EPOLLRDHUP | libc_h.EPOLLET | (outInterest ? libc_h.EPOLLOUT : 0);
    }

    private void outputInterest(boolean on) {
        if (outInterest == on || slot < 0) {
            return;
        }
        outInterest = on;
        int r = epoll.sys.epollCtl(epoll.epfd, libc_h.EPOLL_CTL_MOD, fd, events(), token);
        if (r < 0) {
            failed(NativeIoException.of("epoll_ctl(MOD)", r));
        }
    }

    void ready(int mask) {
        if (connectFuture != null) {
            if ((mask & (libc_h.EPOLLOUT | libc_h.EPOLLERR | libc_h.EPOLLHUP)) != 0) {
                int err = LinuxSocket.pendingError(epoll.sys, fd);
                if (err == 0) {
                    outputInterest(false);
                    connectDone();
                    // The edge for input that came with the connect is consumed: look for it now.
                    readable = true;
                    read();
                } else {
                    connectFailed(err);
                }
            }
            return;
        }
        if ((mask & libc_h.EPOLLOUT) != 0) {
            writeBlocked = false;
            if (hasPendingOutput()) {
                doFlush();
            }
            if (slot < 0) {
                return; // a failed send released the socket
            }
            if (!writeBlocked) {
                outputInterest(false);
            }
        }
        if ((mask & (libc_h.EPOLLRDHUP | libc_h.EPOLLERR | libc_h.EPOLLHUP)) != 0) {
            peerClosed = true; // no edge will follow: read to EOF or error
        }
        if ((mask & (libc_h.EPOLLIN | libc_h.EPOLLRDHUP | libc_h.EPOLLERR | libc_h.EPOLLHUP)) != 0) {
            readable = true;
            read();
        }
    }

    void read() {
        if (slot < 0 || !readable) {
            return;
        }
        MemorySegment buffer = epoll.readBuffer;
        int size = (int) buffer.byteSize();
        for (int i = 0; i < EpollEventLoop.READS_PER_TURN; i++) {
            if (isReadingPaused() || slot < 0) {
                return; // readable stays true: resumeReading() continues from here
            }
            long n = epoll.sys.read(fd, buffer, size);
            if (n > 0) {
                received(buffer, 0, (int) n);
                if (n < size && !peerClosed) {
                    // Drained for now; more data raises a new edge. After the peer's FIN no edge
                    // follows, so then we read on until EOF.
                    readable = false;
                    return;
                }
            } else if (n == 0) {
                readable = false;
                inputEnded();
                return;
            } else if (n == -Errno.EAGAIN.code()) {
                readable = false;
                return;
            } else {
                readable = false;
                failed(NativeIoException.of("read", (int) n));
                return;
            }
        }
        if (!queuedForRead) {
            queuedForRead = true;
            epoll.readReady.add(this);
        }
    }

    @Override
    protected void doFlush() {
        while (!writeBlocked && slot >= 0 && hasPendingOutput()) {
            long n = writeOutbound();
            if (n > 0) {
                sent(n);
            } else if (n == -Errno.EAGAIN.code()) {
                writeBlocked = true;
                outputInterest(true);
            } else {
                failed(NativeIoException.of("sendmsg", (int) n));
                return;
            }
        }
    }

    /** One send or sendmsg of up to {@link #EpollEventLoop.MAX_GATHER} buffers of the output chain. */
    private long writeOutbound() {
        IoBuffer head = outboundHead();
        if (head.next() == null) {
            return epoll.sys.send(fd, head.segment().address() + head.readerIndex(), head.readableBytes(),
                    libc_h.MSG_NOSIGNAL | libc_h.MSG_DONTWAIT);
        }
        MemorySegment iov = epoll.iov;
        int count = 0;
        for (IoBuffer b = head; b != null && count < EpollEventLoop.MAX_GATHER; b = b.next()) {
            iov.set(ValueLayout.JAVA_LONG, 16L * count, b.segment().address() + b.readerIndex());
            iov.set(ValueLayout.JAVA_LONG, 16L * count + 8, b.readableBytes());
            count++;
        }
        io.fasterapi.linux.ffi.msghdr.msg_iovlen(epoll.msghdr, count);
        return epoll.sys.sendmsg(fd, epoll.msghdr, libc_h.MSG_NOSIGNAL | libc_h.MSG_DONTWAIT);
    }

    @Override
    protected void doPauseReading() {
        // Edge-triggered: nothing to unregister; read() stops while paused and `readable` remembers.
    }

    @Override
    protected void doResumeReading() {
        if (readable && !queuedForRead) {
            queuedForRead = true;
            epoll.readReady.add(this);
        }
    }

    @Override
    protected void doShutdownOutput() {
        int r = epoll.sys.shutdown(fd, libc_h.SHUT_WR);
        if (r < 0 && r != -Errno.ENOTCONN.code()) {
            failed(NativeIoException.of("shutdown", r));
        }
    }

    @Override
    protected void doRelease(boolean reset) {
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (slot < 0) {
            return;
        }
        if (reset && !unix) {
            epoll.sys.setLinger(fd, true, 0);
        }
        epoll.sys.close(fd); // also removes it from the epoll set
        epoll.table.remove(slot);
        slot = -1;
        // Deliver onClose on a later task so a handler never hears it from inside its own callback.
        loop.execute(this::closed);
    }

    void connectDone() {
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        CompletableFuture<Channel> future = connectFuture;
        connectFuture = null;
        opened();
        future.complete(this);
    }

    void connectFailed(int errno) {
        CompletableFuture<Channel> future = connectFuture;
        if (future == null) {
            return;
        }
        connectFuture = null;
        IOException error = NativeIoException.of("connect", errno, String.valueOf(connectAddress));
        future.completeExceptionally(error);
        failed(error);
    }
}
