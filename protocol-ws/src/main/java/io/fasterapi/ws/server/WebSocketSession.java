package io.fasterapi.ws.server;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;
import io.fasterapi.ws.codec.PerMessageDeflate;
import io.fasterapi.ws.codec.WsClose;
import io.fasterapi.ws.codec.WsCloseCodes;
import io.fasterapi.ws.codec.WsCompression;
import io.fasterapi.ws.codec.WsException;
import io.fasterapi.ws.codec.WsFrameParser;
import io.fasterapi.ws.codec.WsFrameWriter;
import io.fasterapi.ws.codec.WsMessageAssembler;
import io.fasterapi.ws.codec.WsMessageSink;
import io.fasterapi.ws.codec.WsMessageType;
import io.fasterapi.ws.codec.WsOpcode;
import io.fasterapi.ws.codec.WsRole;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection on the server side (RFC 6455), after the HTTP upgrade: frames in, messages to the
 * {@link WebSocketHandler}, messages out, pings, the close handshake and the timeouts.
 *
 * <p>Receiving: the pure codec does the work ({@link WsFrameParser} into {@link WsMessageAssembler}: fragments,
 * UTF-8 checked as it arrives, inflation under the message limit); this glue feeds it each read, tells it when
 * the read ends (a message that arrived whole in one read is handed to the handler in place, without a copy;
 * one that goes on in a later read is copied into a {@link PooledMessageBuffer}), and turns its
 * {@link io.fasterapi.ws.codec.WsException}s into close frames.
 *
 * <p>Closing: a close from the peer is answered with the same code, then this side closes TCP. A close from
 * this side waits up to {@code closeTimeoutMillis} for the peer's close, then closes TCP. Protocol errors
 * send their close code and close at once.
 *
 * <p>Back-pressure: while the connection's output is above its high water mark (the peer does not read what
 * it is sent), reading pauses, so a peer cannot make the server queue answers without bound.
 *
 * <p>Owned by the connection's loop; every method on the loop thread (not thread-safe).
 */
public final class WebSocketSession implements ConnectionHandler {
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());
    private static final byte[] EMPTY = new byte[0];

    /** Where the close handshake stands. */
    private enum State {
        /** Messages flow both ways. */
        OPEN,
        /** We sent a close frame and wait for the peer's. */
        CLOSE_SENT,
        /** Both close frames are exchanged, or the connection failed; TCP is closing. */
        CLOSED
    }

    /** Why reading is paused; it resumes once no reason is left. */
    private enum PauseReason {
        /** The application asked ({@link #pauseReading()}). */
        APPLICATION,
        /** Our output is above its high water mark: the peer does not read what we send (answers would pile up). */
        OUTPUT
    }

    /** The keep-alive ping ({@link WsConfig#pingIntervalMillis()}). QUIET → PING_SENT on the timer, back on any read. */
    private enum Heartbeat {
        /** No ping of ours waits: the peer was heard since the last one. */
        QUIET,
        /** Our ping was sent and nothing came back yet. */
        PING_SENT
    }

    private final WebSocketHandler handler;
    private final WsConfig config;
    private final WsFrameParser parser;
    private final WsMessageAssembler assembler;
    private final PerMessageDeflate.Agreement deflate;
    private final String subprotocol;
    private PerMessageDeflate.Compressor compressor;
    private Channel connection;
    private State state = State.OPEN;
    private int closeCode = WsCloseCodes.ABNORMAL;
    private String closeReason = "";
    private boolean closeNotified;
    private Timer timer;
    private long lastReceiveNanos;
    private Heartbeat heartbeat = Heartbeat.QUIET;
    private long closeDeadlineNanos;
    private Object attachment;
    private final EnumSet<PauseReason> pausedBy = EnumSet.noneOf(PauseReason.class);

    WebSocketSession(WebSocketHandler handler, WsConfig config, PerMessageDeflate.Agreement deflate, String subprotocol) {
        this.handler = handler;
        this.config = config;
        this.deflate = deflate;
        this.subprotocol = subprotocol;
        this.parser = new WsFrameParser(config.limits(), WsRole.SERVER);
        this.assembler = new WsMessageAssembler(WsRole.SERVER, config.limits(), deflate,
                new PooledMessageBuffer(() -> connection.loop().bufferPool()), new Inbound());
        if (deflate != null) {
            parser.enableDeflate();
        }
    }

    // ---------------------------------------------------------------- API

    public Channel connection() {
        return connection;
    }

    /** Whether messages may be sent (no close frame sent or received yet). */
    public boolean isOpen() {
        return state == State.OPEN && connection.isOpen();
    }

    /** The subprotocol agreed in the handshake, or null. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Whether permessage-deflate was agreed. */
    public boolean compressed() {
        return deflate != null;
    }

    public Object attachment() {
        return attachment;
    }

    public void attachment(Object value) {
        attachment = value;
    }

    /** False while much output is pending: the peer does not keep up (see {@link WebSocketHandler#onWritable}). */
    public boolean isWritable() {
        return connection.isWritable();
    }

    /** Stops reading messages (back-pressure) until {@link #resumeReading()}. */
    public void pauseReading() {
        pausedBy.add(PauseReason.APPLICATION);
        updateReading();
    }

    public void resumeReading() {
        if (pausedBy.remove(PauseReason.APPLICATION)) {
            // Time spent paused by the application is not the peer's silence: the idle clock restarts.
            lastReceiveNanos = System.nanoTime();
        }
        updateReading();
    }

    /** Reading pauses while the application asked for it or while our output is above the high water mark. */
    private void updateReading() {
        boolean pause = !pausedBy.isEmpty();
        if (pause != connection.isReadingPaused()) {
            if (pause) {
                connection.pauseReading();
            } else {
                connection.resumeReading();
            }
        }
    }

    /** Sends a text message; {@code text} is encoded as UTF-8. Returns false once the session is closing. */
    public boolean sendText(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return send(WsOpcode.TEXT, MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    /** Sends {@code data[offset, offset + length)} as a text message; the bytes must be UTF-8. */
    public boolean sendText(MemorySegment data, long offset, long length) {
        return send(WsOpcode.TEXT, data, offset, length);
    }

    public boolean sendBinary(byte[] data) {
        return send(WsOpcode.BINARY, MemorySegment.ofArray(data), 0, data.length);
    }

    public boolean sendBinary(MemorySegment data, long offset, long length) {
        return send(WsOpcode.BINARY, data, offset, length);
    }

    /** Sends a ping with up to 125 bytes of payload. */
    public boolean ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("ping payload is at most 125 bytes");
        }
        return state == State.OPEN && control(WsOpcode.PING, payload);
    }

    /** Starts the close handshake with {@code code} and {@code reason} (at most 123 UTF-8 bytes are sent). */
    public void close(int code, String reason) {
        if (!WsCloseCodes.isValidOnTheWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (state != State.OPEN) {
            return;
        }
        reason = reason == null ? "" : reason;
        closeCode = code;
        closeReason = reason;
        control(WsOpcode.CLOSE, new WsClose(code, reason).encode());
        moveTo(State.CLOSE_SENT);
        closeDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.closeTimeoutMillis());
        connection.loop().schedule(timer, TimeUnit.MILLISECONDS.toNanos(config.closeTimeoutMillis()));
    }

    private boolean send(WsOpcode opcode, MemorySegment data, long offset, long length) {
        if (!connection.loop().inEventLoop()) {
            // Checked before compressing: the compressor's context must only hold what the peer receives.
            throw new IllegalStateException("a WebSocketSession is used on its event loop only");
        }
        if (state != State.OPEN || !connection.isOpen()) {
            return false;
        }
        boolean compress = deflate != null && length >= config.compressionThresholdBytes();
        if (compress) {
            if (compressor == null) {
                compressor = new PerMessageDeflate.Compressor(config.compressionLevel(), deflate.serverNoContextTakeover());
            }
            int n = compressor.compress(data, offset, length);
            writeFrame(opcode, WsCompression.DEFLATE, MemorySegment.ofArray(compressor.output()), 0, n);
            compressor.trim();
        } else {
            writeFrame(opcode, WsCompression.NONE, data, offset, length);
        }
        connection.flush();
        return true;
    }

    /** One unfragmented frame; RSV1 marks a compressed message (RFC 7692 §6). */
    private void writeFrame(WsOpcode opcode, WsCompression compression, MemorySegment payload, long offset, long length) {
        int header = WsFrameWriter.headerBytes(length);
        boolean inline = length <= 4096;
        IoBuffer out = connection.outbound(header + (inline ? (int) length : 0));
        boolean rsv1 = compression == WsCompression.DEFLATE;
        out.writerIndex((int) WsFrameWriter.writeHeader(out.segment(), out.writerIndex(), true, rsv1, opcode, length));
        if (inline) {
            out.writeBytes(payload, offset, (int) length);
        } else {
            connection.write(payload, offset, length);
        }
    }

    private boolean control(WsOpcode opcode, byte[] payload) {
        if (!connection.isOpen()) {
            return false;
        }
        writeFrame(opcode, WsCompression.NONE, MemorySegment.ofArray(payload), 0, payload.length);
        connection.flush();
        return true;
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void onOpen(Channel c) {
        connection = c;
        lastReceiveNanos = System.nanoTime();
        timer = c.loop().newTimer(this::onTimer);
        long first = firstTimeoutNanos();
        if (first > 0) {
            c.loop().schedule(timer, first);
        }
        try {
            handler.onOpen(this);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        lastReceiveNanos = System.nanoTime();
        heartbeat = Heartbeat.QUIET;
        long end;
        try {
            end = parser.parse(data, offset, offset + length, assembler);
        } catch (WsException e) {
            fail(e.closeCode(), e.reason());
            return length;
        }
        // A message that goes on in a later read: its bytes so far must outlive this one.
        assembler.endOfRead();
        if (!c.isWritable() && c.isOpen() && pausedBy.add(PauseReason.OUTPUT)) {
            updateReading();
        }
        return (int) (end - offset);
    }

    @Override
    public void onWritable(Channel c) {
        if (pausedBy.remove(PauseReason.OUTPUT)) {
            updateReading();
        }
        if (state != State.CLOSED) { // also while closing: what was queued before the close has drained
            try {
                handler.onWritable(this);
            } catch (Throwable t) {
                handlerFailed(t);
            }
        }
    }

    @Override
    public void onInputClosed(Channel c) {
        // TCP FIN without a close frame: nothing more can come.
        moveTo(State.CLOSED);
        c.close();
    }

    @Override
    public void onShutdown(Channel c) {
        close(WsCloseCodes.GOING_AWAY, "server shutting down");
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        if (timer != null) {
            timer.cancel();
        }
        assembler.close();
        if (compressor != null) {
            compressor.close();
        }
        notifyClosed();
    }

    // ---------------------------------------------------------------- messages in

    /** What the assembler reports; kept off the session's public API. */
    private final class Inbound implements WsMessageSink {
        @Override
        public void onMessage(WsMessageType type, MemorySegment data, long offset, int length) {
            try {
                handler.onMessage(WebSocketSession.this, type, data, offset, length);
            } catch (Throwable t) {
                handlerFailed(t);
            }
        }

        @Override
        public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
            switch (opcode) {
                case PING -> {
                    if (state == State.OPEN || state == State.CLOSE_SENT) { // RFC 6455 §5.5.2: until the peer's close
                        control(WsOpcode.PONG, data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                    }
                }
                case PONG -> {
                    // a reply to our ping, or unsolicited (a heartbeat): either way, the peer is alive
                }
                case CLOSE -> peerClosed(WsClose.parse(data, offset, length));
                default -> throw new IllegalStateException("not a control opcode: " + opcode);
            }
        }
    }

    private void peerClosed(WsClose close) {
        if (state == State.OPEN) {
            // Echo the code (RFC 6455 §5.5.1), then this side, the server, closes TCP first.
            closeCode = close.code();
            closeReason = close.reason();
            control(WsOpcode.CLOSE, close.code() == WsCloseCodes.NO_STATUS ? EMPTY : new WsClose(close.code(), "").encode());
        }
        moveTo(State.CLOSED);
        connection.close();
    }

    /** Leaves OPEN for good: messages that still arrive are read and dropped; control frames still count. */
    private void moveTo(State next) {
        state = next;
        assembler.discardMessages();
    }

    // ---------------------------------------------------------------- failure, timers

    /** Fails the connection (RFC 6455 §7.1.7): close frame with {@code code}, then close TCP. */
    private void fail(int code, String reason) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket failed: " + code + " " + reason);
        if (state == State.OPEN) {
            closeCode = code;
            closeReason = reason;
            control(WsOpcode.CLOSE, new WsClose(code, reason).encode());
        }
        moveTo(State.CLOSED);
        assembler.release();
        connection.close();
    }

    private void handlerFailed(Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "WebSocket handler threw; closing with 1011", t);
        fail(WsCloseCodes.INTERNAL_ERROR, "internal error");
    }

    private void notifyClosed() {
        if (closeNotified) {
            return;
        }
        closeNotified = true;
        try {
            handler.onClose(this, closeCode, closeReason);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket onClose threw", t);
        }
    }

    private long firstTimeoutNanos() {
        long ping = config.pingIntervalMillis();
        long idle = config.idleTimeoutMillis();
        long first = ping == 0 ? idle : idle == 0 ? ping : Math.min(ping, idle);
        return TimeUnit.MILLISECONDS.toNanos(first);
    }

    private void onTimer() {
        if (!connection.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        if (state == State.CLOSE_SENT) {
            if (now - closeDeadlineNanos >= 0) {
                moveTo(State.CLOSED);
                connection.close(); // the peer never answered our close
            } else {
                connection.loop().schedule(timer, closeDeadlineNanos - now);
            }
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        if (pausedBy.contains(PauseReason.APPLICATION)) {
            lastReceiveNanos = now; // we are not reading: the peer's silence cannot be measured now
        }
        long idleNanos = now - lastReceiveNanos;
        long idleLimit = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        long pingAfter = TimeUnit.MILLISECONDS.toNanos(config.pingIntervalMillis());
        if (idleLimit > 0 && idleNanos >= idleLimit) {
            close(WsCloseCodes.GOING_AWAY, "idle timeout");
            return;
        }
        if (pingAfter > 0 && idleNanos >= pingAfter && heartbeat == Heartbeat.QUIET) {
            heartbeat = Heartbeat.PING_SENT;
            control(WsOpcode.PING, EMPTY);
        }
        long next = Long.MAX_VALUE;
        if (idleLimit > 0) {
            next = Math.min(next, lastReceiveNanos + idleLimit - now);
        }
        if (pingAfter > 0) {
            next = Math.min(next, heartbeat == Heartbeat.PING_SENT ? pingAfter : lastReceiveNanos + pingAfter - now);
        }
        if (next != Long.MAX_VALUE) {
            connection.loop().schedule(timer, Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)));
        }
    }
}
