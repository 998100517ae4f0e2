package io.fasterapi.io.socket;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;

import java.util.function.Consumer;

/**
 * What the three socket backends share above {@link EventLoop}: the turn's flush list of
 * {@link SocketConnection}s and the connection hooks they call. Engine-internal: not part of the API.
 */
public abstract class SocketEventLoop extends EventLoop {
    private SocketConnection flushHead;
    private SocketConnection flushTail;

    protected SocketEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
    }

    /** Calls {@code action} for every connection that is not yet closed. */
    protected abstract void forEachConnection(Consumer<SocketConnection> action);

    @Override
    protected final void shutdownConnections() {
        forEachConnection(SocketConnection::shutdownRequested);
    }

    @Override
    protected final void abortConnections() {
        forEachConnection(SocketConnection::abort);
    }

    @Override
    protected final boolean hasPendingFlushes() {
        return flushHead != null;
    }

    /** Flushes every connection that asked for it this turn (one send each, gathering its whole chain). */
    @Override
    protected final boolean flushPending() {
        SocketConnection c = flushHead;
        if (c == null) {
            return false;
        }
        flushHead = null;
        flushTail = null;
        while (c != null) {
            SocketConnection next = c.nextFlush;
            c.nextFlush = null;
            c.flushNow();
            c = next;
        }
        return true;
    }

    final void queueFlush(SocketConnection connection) {
        connection.flushQueued = true;
        connection.nextFlush = null;
        if (flushTail == null) {
            flushHead = connection;
        } else {
            flushTail.nextFlush = connection;
        }
        flushTail = connection;
    }

    final void opened(SocketConnection connection) {
        connectionOpened();
    }

    final void closed(SocketConnection connection) {
        connectionClosed();
    }

    final EngineConfig engineConfig() {
        return config();
    }
}
