package io.fasterapi.io;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** One listening socket of a {@link TcpServer} on one loop, with the backend's handle for it. */
final class Listener {
    final TcpServer server;
    final EventLoop loop;
    final Supplier<? extends ConnectionHandler> handlers;
    /** The backend's listening socket: an {@code Integer} descriptor or a {@code ServerSocketChannel}. */
    final Object handle;
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Backend state: the multishot accept is armed, or the channel is registered. */
    boolean accepting;
    /** Set once {@link EventLoop#stopAccepting} ran; no re-arming after that. */
    boolean stopped;

    Listener(TcpServer server, EventLoop loop, Supplier<? extends ConnectionHandler> handlers, Object handle) {
        this.server = server;
        this.loop = loop;
        this.handlers = handlers;
        this.handle = handle;
    }

    /** The loop that should own the next accepted connection. */
    EventLoop loopForNewConnection() {
        return server.acceptMode() == EngineConfig.AcceptMode.SINGLE_ACCEPTOR ? server.nextLoop() : loop;
    }

    /** A new handler for an accepted connection. */
    ConnectionHandler newHandler() {
        ConnectionHandler handler = handlers.get();
        if (handler == null) {
            throw new IllegalStateException("handler factory returned null");
        }
        return handler;
    }
}
