package io.fasterapi.io.socket;

import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One listening socket of a server on one loop, with the backend's handle for it. Engine-internal: made by
 * {@link io.fasterapi.io.EventLoopGroup#bind}, driven by the owning loop's backend (loop thread only).
 */
public final class Listener {
    private final Object server;
    private final java.net.SocketAddress address;
    private final EventLoop loop;
    private final EngineConfig.AcceptMode acceptMode;
    private final Supplier<EventLoop> nextLoop;
    private final Supplier<? extends ConnectionHandler> handlers;
    private final ListenerHandle handle;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Backend state: the multishot accept is armed, or the channel is registered. */
    public boolean accepting;
    /** Set once the backend's stopAccepting ran; no re-arming after that. */
    public boolean stopped;

    /**
     * {@code nextLoop} picks the loop of each accepted connection in {@link EngineConfig.AcceptMode#SINGLE_ACCEPTOR}
     * mode; {@code server} names the server in log lines; {@code address} is where it listens.
     */
    public Listener(Object server, java.net.SocketAddress address, EventLoop loop, EngineConfig.AcceptMode acceptMode, Supplier<EventLoop> nextLoop,
                    Supplier<? extends ConnectionHandler> handlers, ListenerHandle handle) {
        this.server = server;
        this.address = address;
        this.loop = loop;
        this.acceptMode = acceptMode;
        this.nextLoop = nextLoop;
        this.handlers = handlers;
        this.handle = handle;
    }

    /** Whether this is a Unix-domain socket (no TCP options apply to its connections). */
    public boolean isUnixDomain() {
        return address instanceof java.net.UnixDomainSocketAddress;
    }

    public EventLoop loop() {
        return loop;
    }

    public ListenerHandle handle() {
        return handle;
    }

    /** The descriptor of a native backend's listening socket. */
    public int fd() {
        return ((ListenerHandle.Fd) handle).fd();
    }

    /** Completes once the listening socket is closed. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** The loop that should own the next accepted connection. */
    public EventLoop loopForNewConnection() {
        return acceptMode == EngineConfig.AcceptMode.SINGLE_ACCEPTOR ? nextLoop.get() : loop;
    }

    /** A new handler for an accepted connection. */
    public ConnectionHandler newHandler() {
        ConnectionHandler handler = handlers.get();
        if (handler == null) {
            throw new IllegalStateException("handler factory returned null");
        }
        return handler;
    }

    @Override
    public String toString() {
        return String.valueOf(server);
    }
}
