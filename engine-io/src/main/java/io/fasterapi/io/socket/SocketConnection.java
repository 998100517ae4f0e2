package io.fasterapi.io.socket;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.InboundBacklog;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.OutboundChain;
import io.fasterapi.io.Timer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One TCP or Unix-socket connection, owned by one {@link EventLoop}: the socket's {@link Channel}. Protocols see
 * only the channel interface; this class is the part the backends (io_uring, epoll, NIO) share, and each
 * backend subclass moves the bytes.
 *
 * <p>Lifecycle ({@link State}): {@code OPEN -> CLOSING -> RELEASING -> CLOSED}, or {@code OPEN -> RELEASING}
 * on abort and failure. Input ({@link Input}) and output ({@link Output}) have states of their own, each
 * listing its transitions.
 */
public abstract class SocketConnection implements Channel {
    private static final System.Logger LOG = System.getLogger(SocketConnection.class.getName());

    /** The connection's lifecycle. */
    private enum State {
        /** Reads and writes flow. Next: CLOSING (close), RELEASING (abort, failure). */
        OPEN,
        /**
         * close(): output is drained, then FIN is sent and input drained until EOF or the linger timeout.
         * Next: RELEASING.
         */
        CLOSING,
        /** The backend is releasing the socket; waiting for {@link #closed()}. Next: CLOSED. */
        RELEASING,
        /** Gone; the handler heard onClose. */
        CLOSED
    }

    /**
     * The input side, as the handler sees it. Transitions: {@code READING <-> PAUSED} (pause/resume);
     * {@code READING|PAUSED -> ENDED} (the peer's FIN, with no kept input before it);
     * {@code PAUSED -> PAUSED_BEFORE_EOF} (the FIN arrived behind input kept while paused);
     * {@code PAUSED_BEFORE_EOF <-> READING_BEFORE_EOF} (resume/pause); {@code READING_BEFORE_EOF -> ENDED}
     * (the kept input was delivered, then the FIN).
     */
    private enum Input {
        READING,
        PAUSED,
        PAUSED_BEFORE_EOF,
        READING_BEFORE_EOF,
        ENDED;

        boolean paused() {
            return this == PAUSED || this == PAUSED_BEFORE_EOF;
        }
    }

    /**
     * The output side. Transitions: {@code OPEN -> SHUTDOWN_PENDING} (shutdownOutput with output pending),
     * {@code OPEN|SHUTDOWN_PENDING -> SHUT_DOWN} (FIN sent: at once when nothing is pending, else once
     * drained; close sends it once its output is out).
     */
    private enum Output {
        OPEN,
        SHUTDOWN_PENDING,
        SHUT_DOWN
    }

    /** The loop that owns this connection. */
    protected final SocketEventLoop loop;
    private final EngineConfig config;
    private final OutboundChain outbound;
    private final InboundBacklog inbound;
    private ConnectionHandler handler;
    private State state = State.OPEN;
    private Input input = Input.READING;
    private Output output = Output.OPEN;
    /** Whether {@link #opened()} ran: a failed outbound connect never opens, so its handler hears nothing. */
    private boolean opened;
    /** Set while the connection sits in its loop's flush list. */
    boolean flushQueued;
    /** Link in the loop's flush list. */
    SocketConnection nextFlush;
    private Throwable closeCause;
    /** Close drain (pending output at the last check) and then linger timer. */
    private Timer lingerTimer;
    private long drainMark;
    private Object attachment;

    protected SocketConnection(SocketEventLoop loop, ConnectionHandler handler) {
        this.loop = loop;
        this.config = loop.engineConfig();
        this.outbound = OutboundChain.create(loop.bufferPool(), config);
        this.inbound = new InboundBacklog(loop.bufferPool(), config.maxPendingInboundBytes());
        this.handler = handler;
    }

    // ------------------------------------------------------------------ Channel

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public final boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public final boolean isInputClosed() {
        return input == Input.ENDED;
    }

    @Override
    public final ConnectionHandler handler() {
        return handler;
    }

    @Override
    public final void handler(ConnectionHandler handler) {
        checkLoop();
        this.handler = handler;
        if (!inbound.isEmpty() && !input.paused() && state == State.OPEN) {
            loop.execute(this::deliverInbound);
        }
    }

    @Override
    public final Object attachment() {
        return attachment;
    }

    @Override
    public final void attachment(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public final IoBuffer outbound(int minWritableBytes) {
        checkWritable();
        return outbound.outbound(minWritableBytes);
    }

    @Override
    public final void write(MemorySegment source, long offset, long length) {
        checkWritable();
        outbound.write(source, offset, length);
    }

    @Override
    public final void write(byte[] bytes) {
        write(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    @Override
    public final void write(IoBuffer buffer) {
        if (state != State.OPEN || output != Output.OPEN) {
            buffer.release();
            checkWritable();
        }
        outbound.write(buffer);
    }

    @Override
    public final void flush() {
        checkLoop();
        if (outbound.head() != null && !flushQueued && (state == State.OPEN || state == State.CLOSING)) {
            loop.queueFlush(this);
        }
    }

    @Override
    public final boolean isWritable() {
        return outbound.isWritable();
    }

    @Override
    public final long pendingOutboundBytes() {
        return outbound.pendingBytes();
    }

    @Override
    public final void pauseReading() {
        checkLoop();
        switch (input) {
            case READING -> input = Input.PAUSED;
            case READING_BEFORE_EOF -> input = Input.PAUSED_BEFORE_EOF;
            default -> {
                return; // paused already, or no more input
            }
        }
        if (state == State.OPEN) {
            doPauseReading();
        }
    }

    /**
     * Resumes reading. Input kept while paused is delivered first, and the socket is read again only once
     * that backlog is gone (or the handler needs more bytes than it holds), so repeated pause/resume cycles
     * cannot pile input up.
     */
    @Override
    public final void resumeReading() {
        checkLoop();
        switch (input) {
            case PAUSED -> input = Input.READING;
            case PAUSED_BEFORE_EOF -> input = Input.READING_BEFORE_EOF;
            default -> {
                return;
            }
        }
        if (state != State.OPEN) {
            return;
        }
        if (!inbound.isEmpty() || input == Input.READING_BEFORE_EOF) {
            loop.execute(this::deliverBacklogThenRead);
        } else {
            doResumeReading();
        }
    }

    private void deliverBacklogThenRead() {
        deliverInbound();
        if (input == Input.READING && state == State.OPEN) {
            doResumeReading();
        }
    }

    @Override
    public final boolean isReadingPaused() {
        return input.paused();
    }

    @Override
    public final void shutdownOutput() {
        checkLoop();
        if (state != State.OPEN || output != Output.OPEN) {
            return;
        }
        output = Output.SHUTDOWN_PENDING;
        flush();
        if (pendingOutboundBytes() == 0) {
            finishOutputShutdown();
        }
    }

    /**
     * Closes gracefully: sends pending output, then FIN, then drains the peer's input until it closes too or
     * {@link EngineConfig#lingerTimeoutMillis()} passes (closing a socket with unread input would make the
     * kernel answer with RST and the peer could lose the response). Idempotent.
     */
    @Override
    public final void close() {
        if (!loop.inEventLoop()) {
            loop.execute(this::close);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        flush();
        if (pendingOutboundBytes() == 0) {
            lingerAfterOutput();
        } else {
            // A peer that stopped reading must not hold the socket forever: abort once output stalls.
            drainMark = pendingOutboundBytes();
            lingerTimer = loop.newTimer(this::checkCloseDrain);
            loop.schedule(lingerTimer, config.closeDrainTimeoutMillis() * 1_000_000L);
        }
    }

    private void checkCloseDrain() {
        if (state != State.CLOSING) {
            return;
        }
        long pending = pendingOutboundBytes();
        if (pending > 0 && pending >= drainMark) {
            release(new IOException("peer took no output for " + config.closeDrainTimeoutMillis()
                    + " ms after close (closeDrainTimeoutMillis)"), true);
            return;
        }
        drainMark = pending;
        loop.schedule(lingerTimer, config.closeDrainTimeoutMillis() * 1_000_000L);
    }

    @Override
    public final void abort() {
        if (!loop.inEventLoop()) {
            loop.execute(this::abort);
            return;
        }
        release(null, true);
    }

    // ------------------------------------------------------------------ backend side

    /** The engine's settings (buffer sizes, timeouts), for the backend. */
    protected final EngineConfig engineConfig() {
        return config;
    }

    /** The first buffer to send, or null; backends send from its reader index along the {@code next} links. */
    public final IoBuffer outboundHead() {
        return outbound.head();
    }

    /** Whether output is pending (backends re-check after a send completes). */
    public final boolean hasPendingOutput() {
        return outbound.pendingBytes() > 0;
    }

    /** The backend established the connection: the handler hears {@link ConnectionHandler#onOpen}. */
    public final void opened() {
        opened = true;
        loop.opened(this);
        try {
            handler.onOpen(this);
        } catch (Throwable t) {
            handlerFailed("onOpen", t);
        }
    }

    /** Whether {@link #opened()} ran: a failed outbound connect never opens. */
    public final boolean wasOpened() {
        return opened;
    }

    /** Bytes arrived from the socket: {@code data[offset, offset + length)}, valid during this call only. */
    public final void received(MemorySegment data, long offset, int length) {
        if (state != State.OPEN || input == Input.ENDED) {
            return; // closing: input is drained and dropped
        }
        if (input.paused() || !inbound.isEmpty()) {
            if (keep(data, offset, length, !input.paused()) && !input.paused()) {
                deliverInbound();
            }
            return;
        }
        ConnectionHandler reader = handler;
        int consumed = callOnRead(data, offset, length);
        if (consumed < length && state == State.OPEN) {
            if (keep(data, offset + consumed, length - consumed, true) && handler != reader && !input.paused()) {
                loop.execute(this::deliverInbound); // upgraded inside the callback: the rest is the new handler's
            }
        }
    }

    /** The peer sent FIN. */
    public final void inputEnded() {
        if (input == Input.ENDED) {
            return;
        }
        if (!inbound.isEmpty() && input.paused() && state == State.OPEN) {
            input = Input.PAUSED_BEFORE_EOF; // the bytes before the FIN come first
            return;
        }
        input = Input.ENDED;
        if (state == State.CLOSING) {
            // Lingering after our FIN: the peer is done too. Otherwise output is still going out and
            // lingerAfterOutput() will see the input ended once it is sent.
            if (output == Output.SHUT_DOWN) {
                release(null, false);
            }
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        if (output == Output.SHUT_DOWN) {
            release(null, false);
            return;
        }
        try {
            handler.onInputClosed(this);
        } catch (Throwable t) {
            handlerFailed("onInputClosed", t);
        }
    }

    /** The kernel took {@code bytes} of the output chain. */
    public final void sent(long bytes) {
        if (outbound.consumed(bytes) && state == State.OPEN) {
            try {
                handler.onWritable(this);
            } catch (Throwable t) {
                handlerFailed("onWritable", t);
            }
        }
        if (pendingOutboundBytes() == 0) {
            outputDrained();
        }
    }

    /** An I/O operation failed: the connection is released at once with {@code cause}. */
    public final void failed(Throwable cause) {
        release(cause, false);
    }

    /** The backend released the socket; buffers go back to the pool and the handler hears onClose. */
    public final void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        inbound.release();
        outbound.releaseAll();
        if (opened) {
            loop.closed(this);
            try {
                handler.onClose(this, closeCause);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "onClose threw", t);
            }
        }
    }

    /**
     * Whether the backend should keep a read armed: open (or lingering after close, to see EOF), not
     * paused, no backlog of kept input waiting to be offered, and the peer has not closed its side.
     */
    public final boolean wantsInput() {
        return (state == State.OPEN || state == State.CLOSING) && (input == Input.READING || input == Input.READING_BEFORE_EOF)
                && inbound.state() != InboundBacklog.State.KEPT;
    }

    /** Whether the socket is being released or gone: its descriptor must not be used any more. */
    public final boolean isReleased() {
        return state == State.RELEASING || state == State.CLOSED;
    }

    /** Whether {@link #closed()} ran. */
    public final boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The loop is shutting down gracefully. */
    public final void shutdownRequested() {
        if (state == State.OPEN) {
            try {
                handler.onShutdown(this);
            } catch (Throwable t) {
                handlerFailed("onShutdown", t);
            }
        }
    }

    /** Called by the loop at the end of a turn for connections in its flush list. */
    public final void flushNow() {
        flushQueued = false;
        if ((state == State.OPEN || state == State.CLOSING) && outbound.head() != null) {
            doFlush();
        }
    }

    /** Start sending from {@link #outboundHead()}; report progress with {@link #sent(long)}. */
    protected abstract void doFlush();

    protected abstract void doPauseReading();

    protected abstract void doResumeReading();

    /** Send FIN ({@code shutdown(SHUT_WR)}). */
    protected abstract void doShutdownOutput();

    /**
     * Release the socket: stop reading and writing (with {@code reset}, make close send RST), wait for
     * operations in flight, close the descriptor, then call {@link #closed()}.
     */
    protected abstract void doRelease(boolean reset);

    // ------------------------------------------------------------------ internals

    private void checkWritable() {
        checkLoop();
        if (state != State.OPEN || output != Output.OPEN) {
            throw new IllegalStateException(state == State.OPEN ? "output is shut down" : "connection is " + state);
        }
    }

    /** Connections are not thread-safe: a call from another thread would corrupt them silently. */
    private void checkLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("connection used from " + Thread.currentThread().getName()
                    + "; call it on its loop: connection.loop().execute(...)");
        }
    }

    private void outputDrained() {
        if (state == State.CLOSING) {
            lingerAfterOutput();
        } else if (output == Output.SHUTDOWN_PENDING && state == State.OPEN) {
            finishOutputShutdown();
        }
    }

    private void finishOutputShutdown() {
        output = Output.SHUT_DOWN;
        doShutdownOutput();
        if (input == Input.ENDED) {
            release(null, false);
        }
    }

    /** Output is sent after close(): FIN, then drain input until EOF or the linger timeout. */
    private void lingerAfterOutput() {
        if (input == Input.ENDED || config.lingerTimeoutMillis() == 0) {
            release(null, false);
            return;
        }
        if (output != Output.SHUT_DOWN) {
            output = Output.SHUT_DOWN;
            doShutdownOutput();
        }
        inbound.release();
        if (input.paused() || input == Input.READING_BEFORE_EOF) {
            input = Input.READING; // drained and dropped from here on: only the peer's FIN matters
            doResumeReading();
        }
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        lingerTimer = loop.newTimer(() -> release(null, false));
        loop.schedule(lingerTimer, config.lingerTimeoutMillis() * 1_000_000L);
    }

    private void release(Throwable cause, boolean reset) {
        if (state == State.RELEASING || state == State.CLOSED) {
            return;
        }
        if (cause != null && closeCause == null) {
            closeCause = cause;
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, this + " failed", cause);
            }
        }
        state = State.RELEASING;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        inbound.release();
        doRelease(reset);
    }

    private int callOnRead(MemorySegment data, long offset, int length) {
        try {
            int consumed = handler.onRead(this, data, offset, length);
            if (consumed < 0 || consumed > length) {
                throw new IllegalStateException("onRead consumed " + consumed + " of " + length + " bytes");
            }
            return consumed;
        } catch (Throwable t) {
            handlerFailed("onRead", t);
            return length;
        }
    }

    /** Keeps input for the handler; false (and the connection failed) past {@code maxPendingInboundBytes}. */
    private boolean keep(MemorySegment data, long offset, int length, boolean offered) {
        try {
            inbound.append(data, offset, length, offered);
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /**
     * Delivers input kept while reading was paused (or left unconsumed), in slices of at most
     * {@link EngineConfig#receiveBufferBytes()} as a socket read would: a handler that pauses again after a
     * slice is not handed the rest, so its pending output stays near the high water mark. A handler that
     * needs more than a slice to make progress is offered everything that is buffered.
     */
    private void deliverInbound() {
        int slice = config.receiveBufferBytes();
        while (true) {
            IoBuffer in = inbound.buffer();
            if (in == null || input.paused() || state != State.OPEN) {
                break;
            }
            int readable = in.readableBytes();
            int offered = Math.min(readable, slice);
            ConnectionHandler reader = handler;
            int consumed = callOnRead(in.segment(), in.readerIndex(), offered);
            if (consumed < offered && offered < readable && inbound.buffer() == in && state == State.OPEN
                    && !input.paused()) {
                in.skip(consumed);
                offered = in.readableBytes();
                consumed = callOnRead(in.segment(), in.readerIndex(), offered);
            }
            if (inbound.buffer() != in) {
                return; // released by a close inside the callback
            }
            inbound.consumed(consumed);
            if (inbound.buffer() != null && consumed < offered && handler == reader) {
                break; // the handler needs more bytes than are here
            }
        }
        if (!input.paused()) {
            inbound.allOffered();
            if (input == Input.READING_BEFORE_EOF && state == State.OPEN) {
                input = Input.READING;
                inputEnded();
            }
        }
    }

    private void handlerFailed(String callback, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "handler " + callback + " threw; aborting " + this, t);
        release(t, true);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + state + "]";
    }
}
