package io.fasterapi.io.epoll;

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
public final class EpollEventLoop extends LinuxSocketEventLoop {
    private static final System.Logger LOG = System.getLogger(EpollEventLoop.class.getName());
    private static final int KIND_WAKEUP = 0;
    private static final int KIND_LISTENER = 1;
    static final int KIND_CONNECTION = 2;
    private static final int MAX_EVENTS = 1024;
    /** Reads per connection per turn before it yields to others. */
    static final int READS_PER_TURN = 16;
    private static final int ACCEPTS_PER_EVENT = 64;
    /** At most this many buffers per gathering write. */
    static final int MAX_GATHER = 64;

    Syscalls sys;
    Arena arena;
    int epfd = -1;
    private int wakeFd = -1;
    private MemorySegment events;
    MemorySegment readBuffer;
    MemorySegment iov;
    MemorySegment msghdr;
    final ConnectionTable<EpollConnection> table;
    private final List<Listener> listeners = new ArrayList<>();
    /** Connections whose read budget ran out with input left: continued next turn (edge-triggered). */
    final List<EpollConnection> readReady = new ArrayList<>();
    private final List<EpollConnection> readReadyNext = new ArrayList<>();

    public EpollEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
        this.table = new ConnectionTable<>(config.maxConnectionsPerLoop());
    }

    @Override
    public Transport transport() {
        return Transport.EPOLL;
    }

    @Override
    protected void init() throws IOException {
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
    protected void poll(long timeoutNanos) {
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
    protected void wakeup() {
        Syscalls.signalEventFd(wakeFd);
    }

    @Override
    protected void cleanup() {
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
    protected void forEachConnection(Consumer<SocketConnection> action) {
        table.forEach(action);
    }

    // ---------------------------------------------------------------- accepting

    @Override
    protected void startAccepting(Listener listener) {
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
        int r = sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, listener.fd(), libc_h.EPOLLIN,
                UserData.pack(KIND_LISTENER, index, 0));
        if (r < 0) {
            LOG.log(System.Logger.Level.ERROR, "cannot watch listening socket: " + Errno.describe(r));
            stopAccepting(listener);
            return;
        }
        listener.accepting = true;
    }

    @Override
    protected void stopAccepting(Listener listener) {
        int index = listeners.indexOf(listener);
        if (index >= 0) {
            listeners.set(index, null);
        }
        if (!listener.stopped) {
            listener.stopped = true;
            listener.accepting = false;
            sys.close(listener.fd()); // closing removes it from the epoll set
        }
        listener.closed().complete(null);
    }

    private void acceptReady(Listener listener) {
        int listenFd = listener.fd();
        for (int i = 0; i < ACCEPTS_PER_EVENT && !listener.stopped; i++) {
            int fd = sys.accept4(listenFd, libc_h.SOCK_NONBLOCK | libc_h.SOCK_CLOEXEC);
            if (fd < 0) {
                if (fd != -Errno.EAGAIN.code() && fd != -Errno.ECONNABORTED.code()) {
                    acceptFailed(listener, fd);
                }
                return;
            }
            dispatchAccepted(fd, listener);
        }
    }

    /**
     * accept4 failed with something other than EAGAIN: typically EMFILE/ENFILE. The listening socket is
     * level-triggered and would report readiness again at once, so it is paused for 100 ms instead of spinning.
     */
    private void acceptFailed(Listener listener, int errno) {
        LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener + ": " + Errno.describe(errno)
                + "; pausing accepts for 100 ms");
        int listenFd = listener.fd();
        sys.epollCtl(epfd, libc_h.EPOLL_CTL_DEL, listenFd, 0, 0);
        int index = listeners.indexOf(listener);
        schedule(() -> {
            if (!listener.stopped) {
                sys.epollCtl(epfd, libc_h.EPOLL_CTL_ADD, listenFd, libc_h.EPOLLIN, UserData.pack(KIND_LISTENER, index, 0));
            }
        }, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
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
    protected void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future) {
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

}
