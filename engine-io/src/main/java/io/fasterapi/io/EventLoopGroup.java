package io.fasterapi.io;

import io.fasterapi.io.socket.Listener;
import io.fasterapi.io.socket.ListenerHandle;
import io.fasterapi.linux.LinuxSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed set of {@link EventLoop}s, one thread each, all running the same {@link Transport}. Servers bound
 * here spread their connections over the loops; outbound connections are placed on the loops in turn.
 *
 * <pre>{@code
 * try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.defaults())) {
 *     TcpServer server = group.bind(new InetSocketAddress(8080), EchoHandler::new);
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class EventLoopGroup implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventLoopGroup.class.getName());

    private final EngineConfig config;
    private final Transport transport;
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final List<TcpServer> servers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> terminated;
    private volatile CompletableFuture<Void> shutdown;

    private EventLoopGroup(EngineConfig config, Transport.Selection selection) {
        this.config = config;
        this.transport = selection.transport();
        this.loops = new EventLoop[config.eventLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = switch (transport) {
                case IO_URING -> new io.fasterapi.io.uring.UringEventLoop(this, i, config);
                case EPOLL -> new io.fasterapi.io.epoll.EpollEventLoop(this, i, config);
                case NIO -> new io.fasterapi.io.nio.NioEventLoop(this, i, config);
            };
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            all[i] = loops[i].terminationFuture();
        }
        this.terminated = CompletableFuture.allOf(all);
    }

    /** A group with the default settings. */
    public static EventLoopGroup create() {
        return create(EngineConfig.defaults());
    }

    /**
     * Starts {@code config.eventLoops()} loops on the transport {@link Transport#select} picks, and logs one
     * line naming it and why better ones were not used.
     */
    public static EventLoopGroup create(EngineConfig config) {
        Transport.Selection selection = Transport.select(config.transport());
        LOG.log(System.Logger.Level.INFO, "FasterAPI engine: " + config.eventLoops() + " event loop(s), "
                + selection.reason());
        EventLoopGroup group = new EventLoopGroup(config, selection);
        for (EventLoop loop : group.loops) {
            loop.start();
        }
        try {
            for (EventLoop loop : group.loops) {
                loop.startedFuture().join();
            }
        } catch (CompletionException e) {
            group.shutdownGracefully(Duration.ZERO);
            throw new IllegalStateException(selection.transport().id() + " event loop failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        }
        return group;
    }

    public Transport transport() {
        return transport;
    }

    public EngineConfig config() {
        return config;
    }

    /** Number of loops. */
    public int size() {
        return loops.length;
    }

    public EventLoop loop(int index) {
        return loops[index];
    }

    /** The loops in turn. */
    public EventLoop next() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    /**
     * Listens on {@code address} (port 0 picks a free port) and gives each accepted connection a handler
     * from {@code handlers}. With {@link EngineConfig.AcceptMode#REUSE_PORT} each loop has its own listening
     * socket; Unix-socket servers always use one acceptor.
     */
    public TcpServer bind(SocketAddress address, Supplier<? extends ConnectionHandler> handlers) throws IOException {
        checkRunning();
        EngineConfig.AcceptMode mode = address instanceof UnixDomainSocketAddress
                ? EngineConfig.AcceptMode.SINGLE_ACCEPTOR : config.acceptMode();
        TcpServer server = new TcpServer(this, mode);
        List<ListenerHandle> handles = new ArrayList<>();
        try {
            if (mode == EngineConfig.AcceptMode.REUSE_PORT) {
                ListenerHandle first = loops[0].openListener(address, LinuxSocket.PortSharing.LEAD);
                handles.add(first);
                SocketAddress bound = loops[0].listenerAddress(first);
                for (int i = 1; i < loops.length; i++) {
                    handles.add(loops[i].openListener(bound, LinuxSocket.PortSharing.JOIN));
                }
                server.localAddress(bound);
            } else {
                ListenerHandle handle = loops[0].openListener(address, LinuxSocket.PortSharing.EXCLUSIVE);
                handles.add(handle);
                server.localAddress(loops[0].listenerAddress(handle));
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < handles.size(); i++) {
                loops[i].closeListenerHandle(handles.get(i));
            }
            throw e;
        }
        for (int i = 0; i < handles.size(); i++) {
            EventLoop loop = loops[i];
            Listener listener = new Listener(server, server.localAddress(), loop, mode, server::nextLoop, handlers,
                    handles.get(i));
            server.add(listener);
            loop.execute(() -> loop.startAccepting(listener));
        }
        servers.add(server);
        return server;
    }

    /** Connects to {@code address} on the next loop; the future completes once the connection is open. */
    public CompletableFuture<Channel> connect(SocketAddress address, ConnectionHandler handler) {
        checkRunning();
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("unresolved address: " + inet));
        }
        CompletableFuture<Channel> future = new CompletableFuture<>();
        EventLoop loop = next();
        loop.execute(() -> loop.connect(address, handler, future));
        return future;
    }

    /**
     * Stops every server from accepting, lets open connections finish until {@code timeout} (handlers hear
     * {@link ConnectionHandler#onShutdown}), aborts what is left, and stops the loops. Idempotent.
     */
    public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
        synchronized (this) {
            if (shutdown != null) {
                return shutdown;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            CompletableFuture<?>[] stops = servers.stream().map(TcpServer::stopAccepting)
                    .toArray(CompletableFuture[]::new);
            shutdown = CompletableFuture.allOf(stops)
                    .exceptionally(t -> null)
                    .thenCompose(ignored -> {
                        for (EventLoop loop : loops) {
                            if (!loop.terminationFuture().isDone()) {
                                loop.requestShutdown(deadline);
                            }
                        }
                        return terminated.exceptionally(t -> null);
                    });
            return shutdown;
        }
    }

    /** Completes when every loop has terminated. */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    /** Whether shutdown has begun. */
    public boolean isShuttingDown() {
        return shutdown != null;
    }

    /** Shuts down at once: connections are aborted; returns when the loops have stopped. */
    @Override
    public void close() {
        shutdownGracefully(Duration.ZERO).join();
    }

    void serverClosed(TcpServer server) {
        servers.remove(server);
    }

    private void checkRunning() {
        if (shutdown != null) {
            throw new IllegalStateException("event loop group is shut down");
        }
    }
}
