package io.fasterapi.io;

import io.fasterapi.linux.Errno;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.SocketAddresses;
import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.ffi.epoll_event;
import io.fasterapi.linux.ffi.libc_h;
import io.fasterapi.linux.uring.UserData;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The epoll backend. Connections are registered once, edge-triggered, for input, output and peer close,
 * so the loop never calls {@code epoll_ctl} again for them: reads run until the socket is drained (or a
 * per-turn budget is spent, then the connection waits in a ready list for the next turn), writes gather
 * the whole output chain into one {@code sendmsg}, and output interest costs nothing while idle. Listening
 * sockets are level-triggered. All reads go into one buffer per loop, so an idle connection holds none.
 */
final class EpollEventLoop extends EventLoop {
    private static final System.Logger LOG = System.getLogger(EpollEventLoop.class.getName());
    private static final int KIND_WAKEUP = 0;
    private static final int KIND_LISTENER = 1;
    private static final int KIND_CONNECTION = 2;
    private static final int MAX_EVENTS = 1024;
    /** Reads per connection per turn before it yields to others. */
    private static final int READS_PER_TURN = 16;
    private static final int ACCEPTS_PER_EVENT = 64;
    /** At most this many buffers per gathering write. */
    private static final int MAX_GATHER = 64;

    private Syscalls sys;
    private Arena arena;
    private int epfd = -1;
    private int wakeFd = -1;
    private MemorySegment events;
    private MemorySegment readBuffer;
    private MemorySegment iov;
    private MemorySegment msghdr;
    private final ConnectionTable<EpollConnection> table;
    private final List<Listener> listeners = new ArrayList<>();
    /** Connections whose read budget ran out with input left: continued next turn (edge-triggered). */
    private final List<EpollConnection> readReady = new ArrayList<>();
    private final List<EpollConnection> readReadyNext = new ArrayList<>();

    EpollEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
        this.table = new ConnectionTable<>(config.maxConnectionsPerLoop());
    }

    @Override
    public Transport transport() {
        return Transport.EPOLL;
    }

    @Override
    void init() throws IOException {
        sys = Syscalls.create();
        arena = Arena.ofShared();
        events = arena.allocate(epoll_event.sizeof() * MAX_EVENTS, 8);
        readBuffer = arena.allocate(config.receiveBufferBytes(), 64);
        iov = arena.allocate(16L * MAX_GATHER, 8);
        msghdr = arena.allocate(io.fasterapi.linux.ffi.msghdr.sizeof(), 8);
        io.fasterapi.linux.ffi.msghdr.msg_iov(msghdr, iov.address());
        epfd = sys.epollCreate();
        if (epfd < 0) {
            throw NativeIoException.of("epoll_create1", epfd);
        }
        wakeFd = sys.eventfd(0, libc_h.EFD_NONBLOCK | libc_h.EFD_CLOEXEC);
        if (wakeFd < 0) {
            throw NativeIoException.of("eventfd", wakeFd);
        }
        int r = sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, wakeFd, libc_h.EPOLLIN, UserData.pack(KIND_WAKEUP, 0, 0));
        if (r < 0) {
            throw NativeIoException.of("epoll_ctl(eventfd)", r);
        }
    }

    @Override
    void poll(long timeoutNanos) {
        int timeoutMillis = !readReady.isEmpty() ? 0
                : timeoutNanos < 0 ? -1
                : (int) Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000);
        int n = sys.epollWait(epfd, events, MAX_EVENTS, timeoutMillis);
        if (n < 0) {
            if (n != -Errno.EINTR.code()) {
                throw new IllegalStateException("epoll_wait failed: " + Errno.describe(n));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            long base = epoll_event.sizeof() * i;
            int mask = events.get(ValueLayout.JAVA_INT_UNALIGNED, base + epoll_event.events$offset());
            long data = events.get(ValueLayout.JAVA_LONG_UNALIGNED, base + epoll_event.data$offset());
            dispatch(UserData.op(data), UserData.slot(data), UserData.generation(data), mask);
        }
        continueReads();
    }

    private void dispatch(int kind, int slot, int generation, int mask) {
        switch (kind) {
            case KIND_CONNECTION -> {
                EpollConnection c = table.get(slot, generation);
                if (c != null) {
                    c.ready(mask);
                }
            }
            case KIND_LISTENER -> {
                if (slot < listeners.size() && listeners.get(slot) != null) {
                    acceptReady(listeners.get(slot));
                }
            }
            case KIND_WAKEUP -> sys.eventfdRead(wakeFd);
            default -> throw new IllegalStateException("unknown epoll token kind " + kind);
        }
    }

    private void continueReads() {
        if (readReady.isEmpty()) {
            return;
        }
        readReadyNext.addAll(readReady);
        readReady.clear();
        for (EpollConnection c : readReadyNext) {
            c.queuedForRead = false;
            c.read();
        }
        readReadyNext.clear();
    }

    @Override
    void wakeup() {
        Syscalls.signalEventFd(wakeFd);
    }

    @Override
    void cleanup() {
        for (Listener listener : listeners) {
            if (listener != null && !listener.stopped) {
                stopAccepting(listener);
            }
        }
        if (wakeFd >= 0) {
            sys.close(wakeFd);
        }
        if (epfd >= 0) {
            sys.close(epfd);
        }
        arena.close();
    }

    @Override
    void forEachConnection(Consumer<Connection> action) {
        table.forEach(action);
    }

    // ---------------------------------------------------------------- accepting

    @Override
    Object openListener(SocketAddress address, LinuxSocket.PortSharing sharing) throws IOException {
        return LinuxSocket.listen(Syscalls.create(), address, sharing, config.listenBacklog());
    }

    @Override
    SocketAddress listenerAddress(Object handle) throws IOException {
        return LinuxSocket.localAddress(Syscalls.create(), (Integer) handle);
    }

    @Override
    void closeListenerHandle(Object handle) {
        Syscalls.create().close((Integer) handle);
    }

    @Override
    void startAccepting(Listener listener) {
        if (listener.stopped) {
            return;
        }
        int index = listeners.indexOf(null);
        if (index < 0) {
            index = listeners.size();
            listeners.add(listener);
        } else {
            listeners.set(index, listener);
        }
        int r = sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, (Integer) listener.handle, libc_h.EPOLLIN,
                UserData.pack(KIND_LISTENER, index, 0));
        if (r < 0) {
            LOG.log(System.Logger.Level.ERROR, "cannot watch listening socket: " + Errno.describe(r));
            stopAccepting(listener);
            return;
        }
        listener.accepting = true;
    }

    @Override
    void stopAccepting(Listener listener) {
        int index = listeners.indexOf(listener);
        if (index >= 0) {
            listeners.set(index, null);
        }
        if (!listener.stopped) {
            listener.stopped = true;
            listener.accepting = false;
            sys.close((Integer) listener.handle); // closing removes it from the epoll set
        }
        listener.closed.complete(null);
    }

    private void acceptReady(Listener listener) {
        int listenFd = (Integer) listener.handle;
        for (int i = 0; i < ACCEPTS_PER_EVENT && !listener.stopped; i++) {
            int fd = sys.accept4(listenFd, libc_h.SOCK_NONBLOCK | libc_h.SOCK_CLOEXEC);
            if (fd < 0) {
                if (fd != -Errno.EAGAIN.code() && fd != -Errno.ECONNABORTED.code()) {
                    acceptFailed(listener, fd);
                }
                return;
            }
            EventLoop target = listener.loopForNewConnection();
            if (target == this) {
                adopt(fd, listener);
            } else {
                try {
                    target.execute(() -> target.adopt(fd, listener));
                } catch (RuntimeException e) {
                    sys.close(fd);
                }
            }
        }
    }

    /**
     * accept4 failed with something other than EAGAIN: typically EMFILE/ENFILE. The listening socket is
     * level-triggered and would report readiness again at once, so it is paused for 100 ms instead of spinning.
     */
    private void acceptFailed(Listener listener, int errno) {
        LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener.server + ": " + Errno.describe(errno)
                + "; pausing accepts for 100 ms");
        int listenFd = (Integer) listener.handle;
        sys.epollCtl(epfd, libc_h.EPOLL_CTL_DEL, listenFd, 0, 0);
        int index = listeners.indexOf(listener);
        schedule(() -> {
            if (!listener.stopped) {
                sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, listenFd, libc_h.EPOLLIN, UserData.pack(KIND_LISTENER, index, 0));
            }
        }, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    void adopt(Object acceptedSocket, Listener listener) {
        int fd = (Integer) acceptedSocket;
        ConnectionHandler handler;
        try {
            handler = listener.newHandler();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler factory failed; closing accepted connection", e);
            sys.close(fd);
            return;
        }
        boolean unix = listener.server.localAddress() instanceof UnixDomainSocketAddress;
        EpollConnection c = new EpollConnection(this, fd, handler, unix);
        if (register(c)) {
            c.opened();
        }
    }

    private boolean register(EpollConnection c) {
        try {
            LinuxSocket.configure(sys, c.fd, !c.unix, config.tcpNoDelay(), config.keepAlive(),
                    config.socketReceiveBufferBytes(), config.socketSendBufferBytes());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot configure socket; closing it", e);
            sys.close(c.fd);
            return false;
        }
        c.slot = table.add(c);
        if (c.slot < 0) {
            LOG.log(System.Logger.Level.WARNING, "loop " + index() + " is at maxConnectionsPerLoop ("
                    + config.maxConnectionsPerLoop() + "); refusing a connection");
            sys.close(c.fd);
            return false;
        }
        // Output interest only while connecting or blocked on a full socket buffer: with it always on,
        // every ACK that frees send-buffer space would wake the loop.
        c.token = UserData.pack(KIND_CONNECTION, c.slot, table.generation(c.slot));
        c.outInterest = c.connectFuture != null;
        int r = sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, c.fd, c.events(), c.token);
        if (r < 0) {
            LOG.log(System.Logger.Level.WARNING, "epoll_ctl(ADD) failed: " + Errno.describe(r));
            table.remove(c.slot);
            sys.close(c.fd);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- connecting

    @Override
    void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future) {
        int fd;
        try {
            fd = LinuxSocket.openStream(sys, address, true);
        } catch (IOException e) {
            future.completeExceptionally(e);
            return;
        }
        EpollConnection c = new EpollConnection(this, fd, handler, address instanceof UnixDomainSocketAddress);
        c.connectFuture = future;
        c.connectAddress = address;
        if (!register(c)) {
            future.completeExceptionally(new IOException("cannot register connection to " + address));
            return;
        }
        int r;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment sockaddr = temp.allocate(SocketAddresses.STORAGE_BYTES);
            int len = SocketAddresses.encode(address, sockaddr);
            r = sys.connect(fd, sockaddr, len);
        }
        if (r == 0) {
            c.connectDone();
        } else if (r == -Errno.EINPROGRESS.code()) {
            c.connectTimer = schedule(() -> c.connectFailed(-Errno.ETIMEDOUT.code()),
                    config.connectTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            c.connectFailed(r);
        }
    }

    // ---------------------------------------------------------------- connection

    /** A connection on the epoll backend. */
    static final class EpollConnection extends Connection {
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
            for (int i = 0; i < READS_PER_TURN; i++) {
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
        void doFlush() {
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

        /** One send or sendmsg of up to {@link #MAX_GATHER} buffers of the output chain. */
        private long writeOutbound() {
            IoBuffer head = outboundHead();
            if (head.next == null) {
                return epoll.sys.send(fd, head.segment().address() + head.readerIndex(), head.readableBytes(),
                        libc_h.MSG_NOSIGNAL | libc_h.MSG_DONTWAIT);
            }
            MemorySegment iov = epoll.iov;
            int count = 0;
            for (IoBuffer b = head; b != null && count < MAX_GATHER; b = b.next) {
                iov.set(ValueLayout.JAVA_LONG, 16L * count, b.segment().address() + b.readerIndex());
                iov.set(ValueLayout.JAVA_LONG, 16L * count + 8, b.readableBytes());
                count++;
            }
            io.fasterapi.linux.ffi.msghdr.msg_iovlen(epoll.msghdr, count);
            return epoll.sys.sendmsg(fd, epoll.msghdr, libc_h.MSG_NOSIGNAL | libc_h.MSG_DONTWAIT);
        }

        @Override
        void doPauseReading() {
            // Edge-triggered: nothing to unregister; read() stops while paused and `readable` remembers.
        }

        @Override
        void doResumeReading() {
            if (readable && !queuedForRead) {
                queuedForRead = true;
                epoll.readReady.add(this);
            }
        }

        @Override
        void doShutdownOutput() {
            int r = epoll.sys.shutdown(fd, libc_h.SHUT_WR);
            if (r < 0 && r != -Errno.ENOTCONN.code()) {
                failed(NativeIoException.of("shutdown", r));
            }
        }

        @Override
        void doRelease(boolean reset) {
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
}
