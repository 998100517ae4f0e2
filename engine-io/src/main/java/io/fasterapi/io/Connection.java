package io.fasterapi.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * One TCP or Unix-socket connection, owned by one {@link EventLoop}. Protocols read through their
 * {@link ConnectionHandler} and write through the methods here; the backend (io_uring, epoll or NIO) is
 * invisible to them.
 *
 * <p>Output: bytes written go into a chain of pooled off-heap buffers and leave on {@link #flush()}, which
 * sends at the end of the loop's turn, gathering every buffer of the chain into one send. Back-pressure:
 * once more than {@link EngineConfig#writeHighWaterMarkBytes()} are pending, {@link #isWritable()} is false
 * until the peer has taken enough to fall below the low water mark, when
 * {@link ConnectionHandler#onWritable} runs; a handler that produces output from input should
 * {@link #pauseReading()} meanwhile.
 *
 * <p>Threading: owned by its loop. {@link #close()} and {@link #abort()} may be called from any thread (they
 * hop to the loop); every other method must be called on the loop thread ({@link EventLoop#execute} gets
 * there) and throws {@link IllegalStateException} elsewhere.
 */
public abstract class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private enum State {
        /** Reads and writes flow. */
        OPEN,
        /** close(): output is drained, then FIN is sent and input drained until EOF or the linger timeout. */
        CLOSING,
        /** The backend is releasing the socket; waiting for {@link #closed()}. */
        RELEASING,
        /** Gone; the handler heard onClose. */
        CLOSED
    }

    final EventLoop loop;
    private final BufferPool pool;
    private final EngineConfig config;
    private ConnectionHandler handler;
    private State state = State.OPEN;
    private boolean opened;
    private boolean inputClosed;
    /** EOF arrived while input kept during a pause was not yet delivered: delivered after it. */
    private boolean inputEndPending;
    /** {@link #inbound} holds input the handler has not been offered yet (kept while paused). */
    private boolean backlog;
    private boolean outputShutdownRequested;
    private boolean outputShutdown;
    private boolean readingPaused;
    private boolean writable = true;
    /** Set while the connection sits in its loop's flush list. */
    boolean flushQueued;
    /** Link in the loop's flush list. */
    Connection nextFlush;
    /** Input the handler left unconsumed, or null. */
    private IoBuffer inbound;
    private IoBuffer outHead;
    private IoBuffer outTail;
    /** How much of {@link #outTail}'s written bytes are already counted in {@link #pendingBytes}. */
    private int outTailCounted;
    private long pendingBytes;
    private Throwable closeCause;
    /** Close drain (pending output at the last check) and then linger timer. */
    private Timer lingerTimer;
    private long drainMark;
    private Object attachment;

    Connection(EventLoop loop, ConnectionHandler handler) {
        this.loop = loop;
        this.pool = loop.bufferPool();
        this.config = loop.config();
        this.handler = handler;
    }

    // ------------------------------------------------------------------ API

    /** The loop that owns this connection. */
    public final EventLoop loop() {
        return loop;
    }

    /** The peer's address. */
    public abstract SocketAddress remoteAddress();

    /** This side's address. */
    public abstract SocketAddress localAddress();

    /** Whether reads and writes still flow (false once closing has begun). */
    public final boolean isOpen() {
        return state == State.OPEN;
    }

    /** Whether the peer has closed its side. */
    public final boolean isInputClosed() {
        return inputClosed;
    }

    /** The handler; replaceable, for example after a protocol upgrade. */
    public final ConnectionHandler handler() {
        return handler;
    }

    /**
     * Replaces the handler, for example after a protocol upgrade. Input already received and not consumed by
     * the old handler is delivered to the new one (on a later task). Loop thread only.
     */
    public final void handler(ConnectionHandler handler) {
        checkLoop();
        this.handler = handler;
        if (inbound != null && !readingPaused && state == State.OPEN) {
            loop.execute(this::deliverInbound);
        }
    }

    public final Object attachment() {
        return attachment;
    }

    public final void attachment(Object attachment) {
        this.attachment = attachment;
    }

    /**
     * A buffer at the end of the output chain with at least {@code minWritableBytes} free; write into it at
     * its writer index, then {@link #flush()}. The connection keeps ownership.
     */
    public final IoBuffer outbound(int minWritableBytes) {
        checkWritable();
        IoBuffer tail = outTail;
        if (tail != null && tail.writableBytes() >= minWritableBytes) {
            return tail;
        }
        IoBuffer buffer = pool.allocate(Math.max(minWritableBytes, config.outboundChunkBytes()));
        append(buffer);
        return buffer;
    }

    /** Copies {@code source[offset, offset + length)} into the output chain. */
    public final void write(MemorySegment source, long offset, long length) {
        checkWritable();
        long done = 0;
        while (done < length) {
            IoBuffer tail = outTail;
            if (tail == null || tail.writableBytes() == 0) {
                tail = pool.allocate(config.outboundChunkBytes());
                append(tail);
            }
            int n = (int) Math.min(tail.writableBytes(), length - done);
            tail.writeBytes(source, offset + done, n);
            done += n;
        }
    }

    /** Copies {@code bytes} into the output chain. */
    public final void write(byte[] bytes) {
        write(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    /**
     * Appends {@code buffer}'s readable bytes to the output chain without copying; the connection takes
     * ownership and releases it once sent (or when the connection closes).
     */
    public final void write(IoBuffer buffer) {
        if (state != State.OPEN || outputShutdownRequested) {
            buffer.release();
            checkWritable();
        }
        if (!buffer.isReadable()) {
            buffer.release();
            return;
        }
        append(buffer);
    }

    /** Sends what was written, at the end of the loop's current turn (with every other flush of the turn). */
    public final void flush() {
        checkLoop();
        syncPending();
        if (outHead != null && !flushQueued && (state == State.OPEN || state == State.CLOSING)) {
            loop.queueFlush(this);
        }
    }

    /** False while more than the high water mark of output is pending. */
    public final boolean isWritable() {
        syncPending();
        return writable;
    }

    /** Bytes written and not yet taken by the kernel. */
    public final long pendingOutboundBytes() {
        syncPending();
        return pendingBytes;
    }

    /** Stops delivering input (and stops reading from the socket) until {@link #resumeReading()}. */
    public final void pauseReading() {
        checkLoop();
        if (!readingPaused) {
            readingPaused = true;
            if (state == State.OPEN) {
                doPauseReading();
            }
        }
    }

    /**
     * Resumes reading. Input kept while paused is delivered first, and the socket is read again only once
     * that backlog is gone (or the handler needs more bytes than it holds), so repeated pause/resume cycles
     * cannot pile input up.
     */
    public final void resumeReading() {
        checkLoop();
        if (!readingPaused) {
            return;
        }
        readingPaused = false;
        if (state != State.OPEN) {
            return;
        }
        if (inbound != null || inputEndPending) {
            loop.execute(this::deliverBacklogThenRead);
        } else {
            doResumeReading();
        }
    }

    private void deliverBacklogThenRead() {
        deliverInbound();
        if (!readingPaused && state == State.OPEN) {
            doResumeReading();
        }
    }

    /** Whether reading is paused. */
    public final boolean isReadingPaused() {
        return readingPaused;
    }

    /** Sends FIN once pending output is sent; input keeps flowing. */
    public final void shutdownOutput() {
        checkLoop();
        if (state != State.OPEN || outputShutdownRequested) {
            return;
        }
        outputShutdownRequested = true;
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
            drainMark = pendingBytes;
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

    /** Closes at once: pending output is dropped and the peer gets RST. Idempotent. */
    public final void abort() {
        if (!loop.inEventLoop()) {
            loop.execute(this::abort);
            return;
        }
        release(null, true);
    }

    // ------------------------------------------------------------------ backend side

    /** The first buffer to send, or null; backends send from its reader index along the {@code next} links. */
    final IoBuffer outboundHead() {
        syncPending();
        return outHead;
    }

    /** Whether a flush was asked for and output is pending (backends re-check after a send completes). */
    final boolean hasPendingOutput() {
        syncPending();
        return pendingBytes > 0;
    }

    /** The backend established the connection: the handler hears {@link ConnectionHandler#onOpen}. */
    final void opened() {
        opened = true;
        loop.connectionOpened();
        try {
            handler.onOpen(this);
        } catch (Throwable t) {
            handlerFailed("onOpen", t);
        }
    }

    /** Whether {@link #opened()} ran: a failed outbound connect never opens. */
    final boolean wasOpened() {
        return opened;
    }

    /** Bytes arrived from the socket: {@code data[offset, offset + length)}, valid during this call only. */
    final void received(MemorySegment data, long offset, int length) {
        if (state != State.OPEN || inputClosed) {
            return; // closing: input is drained and dropped
        }
        if (readingPaused || inbound != null) {
            appendInbound(data, offset, length);
            if (readingPaused) {
                backlog = true;
            } else {
                deliverInbound();
            }
            return;
        }
        ConnectionHandler reader = handler;
        int consumed = callOnRead(data, offset, length);
        if (consumed < length && state == State.OPEN) {
            appendInbound(data, offset + consumed, length - consumed);
            if (handler != reader && !readingPaused) {
                loop.execute(this::deliverInbound); // upgraded inside the callback: the rest is the new handler's
            }
        }
    }

    /** The peer sent FIN. */
    final void inputEnded() {
        if (inputClosed) {
            return;
        }
        if (inbound != null && readingPaused && state == State.OPEN) {
            inputEndPending = true; // the bytes before the FIN come first
            return;
        }
        inputClosed = true;
        if (state == State.CLOSING) {
            // Lingering after our FIN: the peer is done too. Otherwise output is still going out and
            // lingerAfterOutput() will see inputClosed once it is sent.
            if (outputShutdown) {
                release(null, false);
            }
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        if (outputShutdown) {
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
    final void sent(long bytes) {
        long remaining = bytes;
        while (remaining > 0) {
            IoBuffer head = outHead;
            int readable = head.readableBytes();
            if (remaining < readable) {
                head.skip((int) remaining);
                break;
            }
            remaining -= readable;
            outHead = head.next;
            if (head == outTail) {
                outTail = null;
                outTailCounted = 0;
            }
            head.release();
        }
        pendingBytes -= bytes;
        if (!writable && pendingBytes <= config.writeLowWaterMarkBytes()) {
            writable = true;
            if (state == State.OPEN) {
                try {
                    handler.onWritable(this);
                } catch (Throwable t) {
                    handlerFailed("onWritable", t);
                }
            }
        }
        if (pendingOutboundBytes() == 0) {
            outputDrained();
        }
    }

    /** An I/O operation failed: the connection is released at once with {@code cause}. */
    final void failed(Throwable cause) {
        release(cause, false);
    }

    /** The backend released the socket; buffers go back to the pool and the handler hears onClose. */
    final void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        releaseBuffers();
        if (opened) {
            loop.connectionClosed();
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
    final boolean wantsInput() {
        return (state == State.OPEN || state == State.CLOSING) && !readingPaused && !inputClosed && !backlog;
    }

    /** Whether the socket is being released or gone: its descriptor must not be used any more. */
    final boolean isReleased() {
        return state == State.RELEASING || state == State.CLOSED;
    }

    /** Whether {@link #closed()} ran. */
    final boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The loop is shutting down gracefully. */
    final void shutdownRequested() {
        if (state == State.OPEN) {
            try {
                handler.onShutdown(this);
            } catch (Throwable t) {
                handlerFailed("onShutdown", t);
            }
        }
    }

    /** Called by the loop at the end of a turn for connections in its flush list. */
    final void flushNow() {
        flushQueued = false;
        if (state == State.OPEN || state == State.CLOSING) {
            syncPending();
            if (outHead != null) {
                doFlush();
            }
        }
    }

    /** Start sending from {@link #outboundHead()}; report progress with {@link #sent(long)}. */
    abstract void doFlush();

    abstract void doPauseReading();

    abstract void doResumeReading();

    /** Send FIN ({@code shutdown(SHUT_WR)}). */
    abstract void doShutdownOutput();

    /**
     * Release the socket: stop reading and writing (with {@code reset}, make close send RST), wait for
     * operations in flight, close the descriptor, then call {@link #closed()}.
     */
    abstract void doRelease(boolean reset);

    // ------------------------------------------------------------------ internals

    private void checkWritable() {
        checkLoop();
        if (state != State.OPEN || outputShutdownRequested) {
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

    private void append(IoBuffer buffer) {
        syncPending();
        buffer.next = null;
        if (outTail == null) {
            outHead = buffer;
        } else {
            outTail.next = buffer;
        }
        outTail = buffer;
        outTailCounted = buffer.readerIndex();
        syncPending();
    }

    /** Counts bytes written straight into the tail buffer since the last look. */
    private void syncPending() {
        IoBuffer tail = outTail;
        if (tail != null && tail.writerIndex() != outTailCounted) {
            pendingBytes += tail.writerIndex() - outTailCounted;
            outTailCounted = tail.writerIndex();
            if (writable && pendingBytes > config.writeHighWaterMarkBytes()) {
                writable = false;
            }
        }
    }

    private void outputDrained() {
        if (state == State.CLOSING) {
            lingerAfterOutput();
        } else if (outputShutdownRequested && !outputShutdown && state == State.OPEN) {
            finishOutputShutdown();
        }
    }

    private void finishOutputShutdown() {
        outputShutdown = true;
        doShutdownOutput();
        if (inputClosed) {
            release(null, false);
        }
    }

    /** Output is sent after close(): FIN, then drain input until EOF or the linger timeout. */
    private void lingerAfterOutput() {
        if (inputClosed || config.lingerTimeoutMillis() == 0) {
            release(null, false);
            return;
        }
        if (!outputShutdown) {
            outputShutdown = true;
            doShutdownOutput();
        }
        releaseInbound();
        if (readingPaused) {
            readingPaused = false;
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
        releaseInbound();
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

    /**
     * Delivers input kept while reading was paused (or left unconsumed), in slices of at most
     * {@link EngineConfig#receiveBufferBytes()} as a socket read would: a handler that pauses again after a
     * slice is not handed the rest, so its pending output stays near the high water mark. A handler that
     * needs more than a slice to make progress is offered everything that is buffered.
     */
    private void deliverInbound() {
        int slice = config.receiveBufferBytes();
        while (true) {
            IoBuffer in = inbound;
            if (in == null || readingPaused || state != State.OPEN) {
                break;
            }
            int readable = in.readableBytes();
            int offered = Math.min(readable, slice);
            ConnectionHandler reader = handler;
            int consumed = callOnRead(in.segment(), in.readerIndex(), offered);
            if (consumed < offered && offered < readable && inbound == in && state == State.OPEN && !readingPaused) {
                in.skip(consumed);
                offered = in.readableBytes();
                consumed = callOnRead(in.segment(), in.readerIndex(), offered);
            }
            if (inbound != in) {
                return; // released by a close inside the callback
            }
            in.skip(consumed);
            if (!in.isReadable()) {
                inbound = null;
                backlog = false;
                in.release();
            } else if (consumed < offered && handler == reader) {
                break; // the handler needs more bytes than are here
            }
        }
        if (!readingPaused) {
            backlog = false; // everything was offered
            if (inputEndPending && state == State.OPEN) {
                inputEndPending = false;
                inputEnded();
            }
        }
    }

    private void appendInbound(MemorySegment data, long offset, int length) {
        IoBuffer in = inbound;
        if (in == null) {
            in = pool.allocate(length);
            inbound = in;
        } else if (in.writableBytes() < length) {
            int needed = in.readableBytes() + length;
            if (needed > config.maxPendingInboundBytes()) {
                failed(new IOException("peer sent " + needed + " bytes the handler did not consume (limit "
                        + config.maxPendingInboundBytes() + ", maxPendingInboundBytes)"));
                return;
            }
            if (in.readerIndex() > 0 && in.capacity() >= needed) {
                in.compact();
            } else {
                IoBuffer bigger = pool.allocate(Math.max(needed, in.capacity() * 2));
                bigger.writeBytes(in.segment(), in.readerIndex(), in.readableBytes());
                in.release();
                in = bigger;
                inbound = in;
            }
        }
        in.writeBytes(data, offset, length);
    }

    private void releaseInbound() {
        IoBuffer in = inbound;
        backlog = false;
        if (in != null) {
            inbound = null;
            in.release();
        }
    }

    private void releaseBuffers() {
        releaseInbound();
        IoBuffer b = outHead;
        outHead = null;
        outTail = null;
        outTailCounted = 0;
        pendingBytes = 0;
        while (b != null) {
            IoBuffer next = b.next;
            b.release();
            b = next;
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
