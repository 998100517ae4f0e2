package io.fasterapi.io;

import io.fasterapi.io.socket.Listener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A listening server made by {@link EventLoopGroup#bind}. Thread-safe. */
public final class TcpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final EngineConfig.AcceptMode acceptMode;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile SocketAddress localAddress;
    private volatile CompletableFuture<Void> stopped;

    TcpServer(EventLoopGroup group, EngineConfig.AcceptMode acceptMode) {
        this.group = group;
        this.acceptMode = acceptMode;
    }

    /** The address the server listens on (with the real port when it was bound to port 0). */
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The TCP port, or -1 for a Unix-socket server. */
    public int port() {
        return localAddress instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    public EngineConfig.AcceptMode acceptMode() {
        return acceptMode;
    }

    /** Stops accepting and closes the listening sockets; open connections stay open. Idempotent. */
    public synchronized CompletableFuture<Void> stopAccepting() {
        if (stopped == null) {
            CompletableFuture<?>[] closed = new CompletableFuture<?>[listeners.size()];
            for (int i = 0; i < closed.length; i++) {
                Listener listener = listeners.get(i);
                closed[i] = listener.closed();
                try {
                    listener.loop().execute(() -> listener.loop().stopAccepting(listener));
                } catch (RuntimeException e) {
                    listener.closed().complete(null); // the loop is gone, and its sockets with it
                }
            }
            stopped = CompletableFuture.allOf(closed).whenComplete((v, t) -> group.serverClosed(this));
        }
        return stopped;
    }

    /** {@link #stopAccepting()} and wait for it. */
    @Override
    public void close() {
        stopAccepting().join();
    }

    void localAddress(SocketAddress address) {
        this.localAddress = address;
    }

    void add(Listener listener) {
        listeners.add(listener);
    }

    EventLoop nextLoop() {
        return group.loop(Math.floorMod(nextLoop.getAndIncrement(), group.size()));
    }

    @Override
    public String toString() {
        return "TcpServer[" + localAddress + ", " + acceptMode + "]";
    }
}
