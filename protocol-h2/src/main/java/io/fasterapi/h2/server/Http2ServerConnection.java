package io.fasterapi.h2.server;

import io.fasterapi.h2.connection.H2AbuseGuard;
import io.fasterapi.h2.connection.H2Limits;
import io.fasterapi.h2.connection.H2PeerSettings;
import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.h2.frame.H2FrameParser;
import io.fasterapi.h2.frame.H2FrameSink;
import io.fasterapi.h2.frame.H2FrameType;
import io.fasterapi.h2.frame.H2FrameWriter;
import io.fasterapi.h2.frame.H2Frames;
import io.fasterapi.h2.hpack.HpackBlock;
import io.fasterapi.h2.hpack.HpackDecoder;
import io.fasterapi.h2.hpack.HpackEncoder;
import io.fasterapi.h2.hpack.HpackException;
import io.fasterapi.h2.hpack.HpackSink;
import io.fasterapi.h2.stream.H2FlowWindow;
import io.fasterapi.h2.stream.H2ReceiveCredit;
import io.fasterapi.h2.stream.H2StreamState;
import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 server connection (RFC 9113) over a {@link Channel}: h2c with prior knowledge on a plain socket, or h2
 * over TLS once ALPN chose it. It reads the client preface, exchanges SETTINGS, decodes each request's header block
 * with HPACK, gathers its body under flow control, and hands one {@link Http2Exchange} per stream to the same
 * {@link HttpHandler} HTTP/1.1 serves; responses go out as HEADERS and DATA within the peer's windows and frame size.
 *
 * <p>Errors as §5.4 types them: a stream error resets that stream (RST_STREAM) and the connection goes on; a
 * connection error sends GOAWAY with its code and closes. Limits: {@link H2Limits} (concurrent streams refused with
 * REFUSED_STREAM, header list size answered 431, rapid reset and floods end with ENHANCE_YOUR_CALM, CONTINUATION
 * count, SETTINGS ACK timeout); request bodies are buffered up to {@code maxBodyBytes} (413 above it).
 *
 * <p>Owned by the channel's loop; not thread-safe.
 */
public final class Http2ServerConnection implements ConnectionHandler, H2FrameSink, HpackSink {
    private static final System.Logger LOG = System.getLogger(Http2ServerConnection.class.getName());
    private static final byte[] PREFACE = H2Frames.CLIENT_PREFACE.getBytes(StandardCharsets.US_ASCII);

    /** Where the connection stands. */
    private enum State {
        /** Waiting for the client's 24-octet preface. */
        PREFACE,
        /** Frames flow. */
        OPEN,
        /** GOAWAY sent: no new streams; closes when the last stream is done. */
        GOING_AWAY,
        CLOSED
    }

    private final H2Limits limits;
    private final long maxBodyBytes;
    private final HttpHandler handler;
    private final String serverHeader;
    private final H2FrameParser parser = new H2FrameParser();
    private final HpackDecoder decoder;
    private final HpackEncoder encoder = new HpackEncoder(H2Frames.DEFAULT_HEADER_TABLE_SIZE);
    private final HpackBlock block = new HpackBlock(512);
    private final H2PeerSettings peer = new H2PeerSettings();
    private final Map<Integer, Http2Stream> streams = new HashMap<>();
    private final ArrayDeque<Http2Stream> blocked = new ArrayDeque<>();
    private H2FlowWindow connectionSendWindow = new H2FlowWindow(0, H2Frames.DEFAULT_INITIAL_WINDOW_SIZE);
    private H2FlowWindow connectionReceiveWindow;
    private H2ReceiveCredit connectionCredit;
    private H2AbuseGuard guard;
    private Channel channel;
    private State state = State.PREFACE;
    private int lastStreamId;
    private int openStreams;
    /** The header block being received (HEADERS then CONTINUATIONs), and for which stream. */
    private byte[] headerBlock = new byte[1024];
    private int headerBlockLength;
    private int headerBlockStream;
    private boolean headerBlockEndStream;
    private int continuations;
    /** The stream whose fields HPACK is decoding now, or null (fields are decoded but dropped: a refused stream). */
    private Http2Stream decoding;
    private H2Exception.Stream decodingError;
    private Timer settingsTimer;
    /** GOAWAY(NO_ERROR) once no stream has been open for {@link H2Limits#idleTimeoutMillis()}. */
    private Timer idleTimer;
    private Runnable writableCallback;

    public Http2ServerConnection(H2Limits limits, long maxBodyBytes, String serverHeader, HttpHandler handler) {
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.serverHeader = serverHeader;
        this.handler = handler;
        this.decoder = new HpackDecoder(limits.headerTableSize(), Math.max(limits.maxHeaderListSize(), 4096),
                limits.maxHeaderListSize());
        this.parser.maxFrameSize(limits.maxFrameSize());
    }

    Channel channel() {
        return channel;
    }

    /** The request an {@code Upgrade: h2c} carried (RFC 7540 §3.2), answered on stream 1 once open; else null. */
    private Http2Stream upgradedStream;
    private byte[] upgradeSettings;

    /**
     * This connection replaces HTTP/1.1 after {@code 101 Switching Protocols}: {@code head} and {@code body} are the
     * upgraded request (stream 1, half-closed from the client's side), {@code settings} the HTTP2-Settings payload.
     */
    void upgradedFrom(io.fasterapi.http.HttpRequestHead head, byte[] body, byte[] settings) {
        Http2Stream s = new Http2Stream(1, H2Frames.DEFAULT_INITIAL_WINDOW_SIZE);
        s.head = new Http2RequestHead(1);
        s.head.field(":method", head.methodName());
        s.head.field(":scheme", "http");
        String host = head.header("host");
        if (host != null) {
            s.head.field(":authority", host);
        }
        s.head.field(":path", head.target());
        for (int i = 0; i < head.headerCount(); i++) {
            String name = head.headerName(i).toLowerCase(java.util.Locale.ROOT);
            switch (name) {
                case "host", "connection", "upgrade", "http2-settings", "keep-alive", "proxy-connection",
                     "transfer-encoding", "te" -> { } // hop-by-hop: not HTTP/2 fields (§8.2.2)
                default -> s.head.field(name, head.headerValue(i));
            }
        }
        s.head.complete();
        s.appendBody(MemorySegment.ofArray(body), 0, body.length);
        s.state = H2StreamState.HALF_CLOSED_REMOTE;
        upgradedStream = s;
        upgradeSettings = settings;
    }

    // ---------------------------------------------------------------- channel events

    @Override
    public void onOpen(Channel c) {
        channel = c;
        guard = new H2AbuseGuard(limits, System.nanoTime());
        connectionReceiveWindow = new H2FlowWindow(0, limits.connectionWindowSize());
        connectionCredit = new H2ReceiveCredit(limits.connectionWindowSize());
        // §3.4: the server's preface is a SETTINGS frame, sent at once.
        IoBuffer out = c.outbound(H2Frames.HEADER_BYTES + 6 * 4 + 13);
        MemorySegment s = out.segment();
        long at = out.writerIndex();
        at = H2FrameWriter.header(s, at, 6 * 4, H2FrameType.SETTINGS, 0, 0);
        at = H2FrameWriter.setting(s, at, H2Frames.SETTINGS_MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams());
        at = H2FrameWriter.setting(s, at, H2Frames.SETTINGS_INITIAL_WINDOW_SIZE, limits.initialWindowSize());
        at = H2FrameWriter.setting(s, at, H2Frames.SETTINGS_MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize());
        at = H2FrameWriter.setting(s, at, H2Frames.SETTINGS_ENABLE_PUSH, 0);
        if (limits.connectionWindowSize() > H2Frames.DEFAULT_INITIAL_WINDOW_SIZE) {
            at = H2FrameWriter.windowUpdate(s, at, 0, limits.connectionWindowSize() - H2Frames.DEFAULT_INITIAL_WINDOW_SIZE);
        }
        out.writerIndex((int) at);
        c.flush();
        idleTimer = c.loop().newTimer(this::idleTimedOut);
        armIdle();
        if (upgradedStream != null) {
            startUpgradedStream();
        }
        settingsTimer = c.loop().schedule(() -> {
            if (state != State.CLOSED) {
                connectionError(new H2Exception.Connection(H2ErrorCode.SETTINGS_TIMEOUT, "no SETTINGS ACK within "
                        + limits.settingsAckTimeoutMillis() + " ms (§6.5.3)"));
            }
        }, limits.settingsAckTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        long p = offset;
        long end = offset + length;
        if (state == State.PREFACE) {
            int n = (int) Math.min(length, PREFACE.length);
            if (MemorySegment.mismatch(data, offset, offset + n, MemorySegment.ofArray(PREFACE), 0, n) >= 0) {
                LOG.log(System.Logger.Level.DEBUG, "not an HTTP/2 client preface from " + c.remoteAddress());
                state = State.CLOSED;
                c.close();
                return length;
            }
            if (n < PREFACE.length) {
                return 0; // the rest of the preface is coming
            }
            p += PREFACE.length;
            state = State.OPEN;
        }
        while (p < end && state != State.CLOSED) {
            try {
                p = parser.parse(data, p, end, this);
                break;
            } catch (H2Exception.Stream e) {
                p = frameEnd(data, p, end);
                streamError(e);
            } catch (H2Exception.Connection e) {
                connectionError(e);
                return length;
            } catch (HpackException e) {
                connectionError(new H2Exception.Connection(H2ErrorCode.COMPRESSION_ERROR, "HPACK: " + e.getMessage()));
                return length;
            }
        }
        c.flush();
        return (int) (p - offset);
    }

    /**
     * The end of the frame a stream error came from: the parser hands frames over in order, so it is the first
     * complete frame at or after {@code p} whose handling threw; found by walking headers from {@code p}.
     */
    private long frameEnd(MemorySegment data, long p, long end) {
        return parser.failedFrameEnd() >= 0 ? parser.failedFrameEnd() : end;
    }

    @Override
    public void onWritable(Channel c) {
        Runnable callback = writableCallback;
        if (callback != null) {
            writableCallback = null;
            callback.run();
        }
    }

    @Override
    public void onShutdown(Channel c) {
        goAway(H2ErrorCode.NO_ERROR, "shutting down");
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        state = State.CLOSED;
        if (settingsTimer != null) {
            settingsTimer.cancel();
        }
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        streams.clear();
        blocked.clear();
    }

    /** The HTTP2-Settings as the client's first SETTINGS (§3.2.1), then stream 1's response. */
    private void startUpgradedStream() {
        MemorySegment settings = MemorySegment.ofArray(upgradeSettings);
        for (long p = 0; p < settings.byteSize(); p += 6) {
            int id = ((settings.get(ValueLayout.JAVA_BYTE, p) & 0xFF) << 8) | (settings.get(ValueLayout.JAVA_BYTE, p + 1) & 0xFF);
            peer.apply(id, Integer.toUnsignedLong(settings.get(BE_INT, p + 2)));
        }
        Http2Stream s = upgradedStream;
        upgradedStream = null;
        s.sendWindow.adjust(peer.initialWindowSize() - H2Frames.DEFAULT_INITIAL_WINDOW_SIZE);
        streams.put(1, s);
        openStreams++;
        idleTimer.cancel();
        lastStreamId = 1;
        dispatch(s);
    }

    private void armIdle() {
        if (idleTimer != null && state != State.CLOSED) {
            channel.loop().schedule(idleTimer, TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis()));
        }
    }

    private void idleTimedOut() {
        if (openStreams == 0 && state == State.OPEN) {
            LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection idle for " + limits.idleTimeoutMillis()
                    + " ms: GOAWAY");
            goAway(H2ErrorCode.NO_ERROR, "idle");
        } else if (state == State.PREFACE) {
            state = State.CLOSED;
            channel.close();
        }
    }

    /**
     * A peer that makes us answer (PING, SETTINGS ACKs, resets) but does not read: past
     * {@link H2Limits#maxQueuedControlBytes()} of unsent output the connection is cut (CVE-2019-9512, 9517).
     */
    private void checkQueuedReplies() {
        if (channel.pendingOutboundBytes() > limits.maxQueuedControlBytes() && openStreams == 0) {
            throw new H2Exception.Connection(H2ErrorCode.ENHANCE_YOUR_CALM, channel.pendingOutboundBytes()
                    + " octets of replies the peer does not read (maxQueuedControlBytes "
                    + limits.maxQueuedControlBytes() + ")");
        }
    }

    // ---------------------------------------------------------------- errors

    private void streamError(H2Exception.Stream e) {
        LOG.log(System.Logger.Level.DEBUG, "HTTP/2 stream error: " + e.getMessage());
        Http2Stream s = streams.get(e.streamId());
        if (s != null) {
            closeStream(s, false);
        }
        IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 4);
        out.writerIndex((int) H2FrameWriter.rstStream(out.segment(), out.writerIndex(), e.streamId(), e.code()));
        guard.streamReset(System.nanoTime()); // a client making us reset its streams is as costly as resetting them
    }

    private void connectionError(H2Exception.Connection e) {
        LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection error with " + channel.remoteAddress() + ": "
                + e.getMessage());
        goAway(e.code(), e.getMessage());
        state = State.CLOSED;
        channel.close();
    }

    /** GOAWAY with the last stream we processed (§6.8); no new streams from here on. */
    private void goAway(H2ErrorCode code, String why) {
        if (state == State.CLOSED || state == State.GOING_AWAY || channel == null || !channel.isOpen()) {
            return;
        }
        state = State.GOING_AWAY;
        byte[] debug = code == H2ErrorCode.NO_ERROR ? new byte[0] : why.getBytes(StandardCharsets.UTF_8);
        int debugLength = Math.min(debug.length, 256);
        IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 8 + debugLength);
        MemorySegment s = out.segment();
        long at = H2FrameWriter.header(s, out.writerIndex(), 8 + debugLength, H2FrameType.GOAWAY, 0, 0);
        s.set(BE_INT, at, lastStreamId);
        s.set(BE_INT, at + 4, code.code());
        MemorySegment.copy(debug, 0, s, ValueLayout.JAVA_BYTE, at + 8, debugLength);
        out.writerIndex((int) (at + 8 + debugLength));
        channel.flush();
        if (openStreams == 0 && code == H2ErrorCode.NO_ERROR) {
            channel.close();
        }
    }

    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    // ---------------------------------------------------------------- frames (H2FrameSink)

    private Http2Stream stream(int id) {
        return streams.get(id);
    }

    /** A frame for a stream we no longer (or never) hold: idle if above the highest opened, else closed. */
    private void orphanFrame(int streamId, H2FrameType type) {
        H2StreamState s = streamId > lastStreamId ? H2StreamState.IDLE : H2StreamState.CLOSED;
        s.onReceive(streamId, type, false, false); // throws what §5.1 says, or returns for the allowed ones
    }

    @Override
    public void onData(int streamId, boolean endStream, MemorySegment data, long offset, int length, int flowControlled) {
        connectionReceiveWindow.receive(flowControlled);
        int credit = connectionCredit.consumed(flowControlled);
        if (credit > 0) {
            windowUpdate(0, credit);
            connectionReceiveWindow.reopen(credit);
        }
        if (length == 0 && !endStream) {
            guard.emptyFrame(System.nanoTime());
        }
        Http2Stream s = stream(streamId);
        if (s == null) {
            orphanFrame(streamId, H2FrameType.DATA);
            return;
        }
        s.state = s.state.onReceive(streamId, H2FrameType.DATA, endStream, s.closedByPeer);
        if (s.bodyLength + (long) length > maxBodyBytes) {
            respondEarly(s, 413, "the request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        s.appendBody(data, offset, length);
        if (endStream) {
            s.closedByPeer = s.state == H2StreamState.CLOSED;
            long declared = s.head.contentLength();
            if (declared >= 0 && declared != s.bodyLength) {
                throw new H2Exception.Stream(streamId, H2ErrorCode.PROTOCOL_ERROR, "content-length " + declared
                        + " but " + s.bodyLength + " octets of DATA (§8.1.1)");
            }
            dispatch(s);
        } else if (flowControlled > 0) {
            windowUpdate(streamId, flowControlled); // the body is buffered as it arrives: credit it back at once
        }
    }

    @Override
    public void onHeaders(int streamId, boolean endStream, boolean endHeaders, int dependency, boolean exclusive,
                          int weight, MemorySegment fragment, long offset, int length) {
        if (length == 0 && !endHeaders) {
            guard.emptyFrame(System.nanoTime());
        }
        headerBlockLength = 0;
        headerBlockStream = streamId;
        headerBlockEndStream = endStream;
        continuations = 0;
        appendHeaderBlock(fragment, offset, length);
        if (endHeaders) {
            headerBlockComplete();
        }
    }

    @Override
    public void onContinuation(int streamId, boolean endHeaders, MemorySegment fragment, long offset, int length) {
        if (++continuations > limits.maxContinuationFrames()) {
            throw new H2Exception.Connection(H2ErrorCode.ENHANCE_YOUR_CALM, continuations
                    + " CONTINUATION frames in one header block (maxContinuationFrames " + limits.maxContinuationFrames()
                    + ")");
        }
        if (length == 0 && !endHeaders) {
            guard.emptyFrame(System.nanoTime());
        }
        appendHeaderBlock(fragment, offset, length);
        if (endHeaders) {
            headerBlockComplete();
        }
    }

    private void appendHeaderBlock(MemorySegment fragment, long offset, int length) {
        if (headerBlockLength + length > limits.maxHeaderListSize() * 2L + 1024) {
            throw new H2Exception.Connection(H2ErrorCode.ENHANCE_YOUR_CALM, "a header block of more than "
                    + (limits.maxHeaderListSize() * 2L + 1024) + " octets");
        }
        if (headerBlockLength + length > headerBlock.length) {
            headerBlock = java.util.Arrays.copyOf(headerBlock, Math.max(headerBlockLength + length, headerBlock.length * 2));
        }
        MemorySegment.copy(fragment, ValueLayout.JAVA_BYTE, offset, headerBlock, headerBlockLength, length);
        headerBlockLength += length;
    }

    /** A whole header block: a new request, or trailers. HPACK decodes it whatever happens to the stream. */
    private void headerBlockComplete() {
        int id = headerBlockStream;
        boolean endStream = headerBlockEndStream;
        Http2Stream existing = stream(id);
        Http2Stream target = null;
        H2Exception.Stream refusal = null;
        if (existing != null) { // trailers (§8.1): must end the stream
            existing.state = existing.state.onReceive(id, H2FrameType.HEADERS, endStream, existing.closedByPeer);
            if (!endStream) {
                refusal = new H2Exception.Stream(id, H2ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM (§8.1)");
            }
        } else {
            if ((id & 1) == 0 || id <= lastStreamId) {
                // §5.1.1: a client opens odd streams, in increasing order; a lower one is a closed stream
                if (id <= lastStreamId && (id & 1) == 1) {
                    throw new H2Exception.Connection(H2ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + id);
                }
                throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, "stream " + id
                        + " is not a new client stream (§5.1.1)");
            }
            lastStreamId = id;
            if (state == State.GOING_AWAY) {
                refusal = new H2Exception.Stream(id, H2ErrorCode.REFUSED_STREAM, "going away");
            } else if (openStreams >= limits.maxConcurrentStreams()) {
                refusal = new H2Exception.Stream(id, H2ErrorCode.REFUSED_STREAM, "more than "
                        + limits.maxConcurrentStreams() + " concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS)");
            } else {
                target = new Http2Stream(id, peer.initialWindowSize());
                target.state = H2StreamState.IDLE.onReceive(id, H2FrameType.HEADERS, endStream, false);
                target.head = new Http2RequestHead(id);
                streams.put(id, target);
                openStreams++;
                idleTimer.cancel();
            }
        }
        decoding = target;
        decodingError = null;
        try {
            decoder.decode(MemorySegment.ofArray(headerBlock), 0, headerBlockLength, true, this);
        } catch (HpackException e) {
            decoding = null;
            if (e.kind() == HpackException.Kind.HEADER_LIST_TOO_LARGE && target != null) {
                respondEarly(target, 431, "the header list is larger than " + limits.maxHeaderListSize() + " octets");
                return;
            }
            throw e;
        }
        decoding = null;
        if (refusal != null) {
            throw refusal;
        }
        if (decodingError != null) {
            throw decodingError;
        }
        if (target == null) {
            if (existing != null && endStream) {
                existing.closedByPeer = existing.state == H2StreamState.CLOSED;
                dispatch(existing); // the request is complete with its trailers
            }
            return;
        }
        target.head.complete();
        if (endStream) {
            if (target.head.contentLength() > 0) {
                throw new H2Exception.Stream(id, H2ErrorCode.PROTOCOL_ERROR, "content-length "
                        + target.head.contentLength() + " on a request without DATA (§8.1.1)");
            }
            dispatch(target);
        }
    }

    /** HPACK's field callback while a block is decoded. */
    @Override
    public void field(String name, String value, boolean sensitive) {
        if (decoding == null || decodingError != null) {
            return;
        }
        try {
            decoding.head.field(name, value);
        } catch (H2Exception.Stream e) {
            decodingError = e; // finish decoding the block (the table must stay in step), then reset the stream
        }
    }

    @Override
    public void onPriority(int streamId, int dependency, boolean exclusive, int weight) {
        guard.controlFrame(System.nanoTime()); // RFC 9113 deprecates priority signals: accepted and ignored
        if (dependency == streamId) {
            throw new H2Exception.Stream(streamId, H2ErrorCode.PROTOCOL_ERROR, "a stream depending on itself (§5.3.1)");
        }
    }

    @Override
    public void onRstStream(int streamId, long errorCode) {
        Http2Stream s = stream(streamId);
        if (s == null) {
            orphanFrame(streamId, H2FrameType.RST_STREAM);
            return;
        }
        guard.streamReset(System.nanoTime());
        s.closedByPeer = true;
        closeStream(s, true);
    }

    /** Whether the SETTINGS frame being read is an ACK (of ours) rather than the peer's parameters. */
    private boolean settingsIsAck;

    @Override
    public void onSettingsStart(boolean ack) {
        guard.controlFrame(System.nanoTime());
        settingsIsAck = ack;
        if (ack && settingsTimer != null) {
            settingsTimer.cancel();
            settingsTimer = null;
        }
    }

    @Override
    public void onSetting(int identifier, long value) {
        long delta = peer.apply(identifier, value);
        if (delta != 0) {
            for (Http2Stream s : streams.values()) {
                s.sendWindow.adjust(delta); // §6.9.2
            }
        }
    }

    @Override
    public void onSettingsEnd() {
        if (settingsIsAck) {
            return;
        }
        // §6.5.3: every SETTINGS frame but an ACK is acknowledged, once its parameters are applied.
        encoder.setMaxTableSize(peer.headerTableSize(H2Frames.DEFAULT_HEADER_TABLE_SIZE));
        IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES);
        out.writerIndex((int) H2FrameWriter.settingsAck(out.segment(), out.writerIndex()));
        resumeBlocked(); // a larger initial window may release responses
    }

    @Override
    public void onPushPromise(int streamId, boolean endHeaders, int promised, MemorySegment block, long offset, int length) {
        throw new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, "a client sent PUSH_PROMISE (§8.4)");
    }

    @Override
    public void onPing(boolean ack, long opaqueData) {
        guard.controlFrame(System.nanoTime());
        checkQueuedReplies();
        if (!ack) {
            IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 8);
            out.writerIndex((int) H2FrameWriter.ping(out.segment(), out.writerIndex(), true, opaqueData));
        }
    }

    @Override
    public void onGoAway(int lastStreamId, long errorCode, MemorySegment debugData, long offset, int length) {
        // The client will open no more streams; finish those under way, then close.
        if (state == State.OPEN) {
            state = State.GOING_AWAY;
        }
        if (openStreams == 0) {
            channel.close();
        }
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        if (streamId == 0) {
            connectionSendWindow.grow(increment);
            resumeBlocked();
            return;
        }
        Http2Stream s = stream(streamId);
        if (s == null) {
            orphanFrame(streamId, H2FrameType.WINDOW_UPDATE);
            return;
        }
        s.sendWindow.grow(increment);
        if (!s.pending.isEmpty() || s.pendingEnd) {
            flushPending(s);
        }
    }

    // ---------------------------------------------------------------- streams and responses

    private void dispatch(Http2Stream s) {
        s.exchange = new Http2Exchange(this, s);
        try {
            handler.handle(s.exchange);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the handler failed on stream " + s.id, e);
            if (!s.exchange.isResponseStarted()) {
                s.exchange.respond(500, HeaderLine.TEXT_PLAIN, "Internal Server Error".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** An answer from the server itself (413, 431) before the handler saw the request; then the stream is reset. */
    private void respondEarly(Http2Stream s, int status, String why) {
        LOG.log(System.Logger.Level.DEBUG, "stream " + s.id + ": " + why);
        s.exchange = new Http2Exchange(this, s);
        if (s.head == null) {
            s.head = new Http2RequestHead(s.id);
        }
        byte[] body = (why + "\n").getBytes(StandardCharsets.US_ASCII);
        s.exchange.respond(status, HeaderLine.TEXT_PLAIN, body);
        if (s.state != H2StreamState.CLOSED) {
            IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 4);
            out.writerIndex((int) H2FrameWriter.rstStream(out.segment(), out.writerIndex(), s.id, H2ErrorCode.NO_ERROR));
            closeStream(s, false);
        }
    }

    /** The exchange's response is complete: the stream closes once its DATA has left. */
    void exchangeDone(Http2Stream s) {
        if (s.state == H2StreamState.CLOSED && s.pending.isEmpty()) {
            closeStream(s, false);
        }
        channel.flush();
    }

    private void closeStream(Http2Stream s, boolean reset) {
        s.state = H2StreamState.CLOSED;
        if (streams.remove(s.id) != null) {
            openStreams--;
            if (openStreams == 0) {
                armIdle();
            }
        }
        s.pending.clear();
        s.pendingEnd = false;
        if (s.stallTimer != null) {
            s.stallTimer.cancel();
        }
        if (state == State.GOING_AWAY && openStreams == 0) {
            channel.flush();
            channel.close();
        }
    }

    /** HEADERS for a response: :status, content-type, content-length, server, the exchange's fields (§8.3.2). */
    void sendHeaders(Http2Stream s, int status, HeaderLine contentType, long contentLength, ResponseHeaders extra,
                     boolean endStream) {
        if (s.state == H2StreamState.CLOSED && !streams.containsKey(s.id) && s.closedByPeer) {
            return; // the client reset it: nothing to send
        }
        block.clear();
        encoder.startBlock(block);
        encoder.field(block, ":status", Integer.toString(status), false);
        if (contentType != null) {
            encoder.field(block, "content-type", contentType.value(), false);
        }
        if (contentLength >= 0) {
            encoder.field(block, "content-length", Long.toString(contentLength), false);
        }
        if (serverHeader != null) {
            encoder.field(block, "server", serverHeader, false);
        }
        for (int i = 0; i < extra.lineCount(); i++) {
            encoder.field(block, extra.line(i).lowerCaseName(), extra.line(i).value(), false);
        }
        for (int i = 0; i < extra.fieldCount(); i++) {
            String name = extra.name(i).toLowerCase(java.util.Locale.ROOT);
            if (!isConnectionSpecific(name)) {
                encoder.field(block, name, extra.value(i), name.equals("set-cookie"));
            }
        }
        int max = peer.maxFrameSize();
        int at = 0;
        boolean first = true;
        do {
            int n = Math.min(max, block.size() - at);
            boolean last = at + n == block.size();
            IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + n);
            MemorySegment seg = out.segment();
            long p = first
                    ? H2FrameWriter.header(seg, out.writerIndex(), n, H2FrameType.HEADERS,
                    (endStream ? H2Frames.FLAG_END_STREAM : 0) | (last ? H2Frames.FLAG_END_HEADERS : 0), s.id)
                    : H2FrameWriter.header(seg, out.writerIndex(), n, H2FrameType.CONTINUATION,
                    last ? H2Frames.FLAG_END_HEADERS : 0, s.id);
            MemorySegment.copy(block.array(), at, seg, ValueLayout.JAVA_BYTE, p, n);
            out.writerIndex((int) (p + n));
            at += n;
            first = false;
        } while (at < block.size());
        s.state = s.state.onSend(H2FrameType.HEADERS, endStream);
    }

    private static boolean isConnectionSpecific(String name) {
        return switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> true;
            default -> false;
        };
    }

    /** DATA within the windows; what does not fit waits (copied) for WINDOW_UPDATE. */
    void sendData(Http2Stream s, MemorySegment data, long offset, int length, boolean endStream) {
        if (!streams.containsKey(s.id)) {
            return; // reset meanwhile
        }
        if (!s.pending.isEmpty() || s.pendingEnd) {
            queue(s, data, offset, length, endStream);
            return;
        }
        int sent = writeData(s, data, offset, length, endStream);
        if (sent < length || (endStream && s.state != H2StreamState.CLOSED && s.state != H2StreamState.HALF_CLOSED_LOCAL)) {
            if (sent < length) {
                queue(s, data, offset + sent, length - sent, endStream);
            }
        }
        if (s.state == H2StreamState.CLOSED) {
            closeStream(s, false);
        }
    }

    /** Writes as much as the windows allow; returns how much; END_STREAM only with the last octet. */
    private int writeData(Http2Stream s, MemorySegment data, long offset, int length, boolean endStream) {
        int sent = 0;
        int max = peer.maxFrameSize();
        while (true) {
            long window = Math.min(s.sendWindow.available(), connectionSendWindow.available());
            int n = (int) Math.max(0, Math.min(Math.min(window, max), length - sent));
            boolean last = sent + n == length;
            if (n == 0 && !(last && endStream)) {
                return sent;
            }
            IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + n);
            MemorySegment seg = out.segment();
            long p = H2FrameWriter.header(seg, out.writerIndex(), n, H2FrameType.DATA,
                    last && endStream ? H2Frames.FLAG_END_STREAM : 0, s.id);
            MemorySegment.copy(data, offset + sent, seg, p, n);
            out.writerIndex((int) (p + n));
            s.sendWindow.take(n);
            connectionSendWindow.take(n);
            sent += n;
            if (last) {
                if (endStream) {
                    s.state = s.state.onSend(H2FrameType.DATA, true);
                }
                return sent;
            }
        }
    }

    private void queue(Http2Stream s, MemorySegment data, long offset, int length, boolean endStream) {
        if (length > 0) {
            s.pending.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        }
        s.pendingEnd |= endStream;
        if (!s.blocked) {
            s.blocked = true;
            blocked.add(s);
            armStall(s);
        }
    }

    /** (Re)starts the stall deadline of a blocked stream: progress of any size restarts it. */
    private void armStall(Http2Stream s) {
        if (s.stallTimer != null) {
            s.stallTimer.cancel();
        }
        s.stallTimer = channel.loop().schedule(() -> stalled(s), limits.zeroWindowTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** A response blocked on a window the peer never opens: reset, its queued DATA dropped. */
    private void stalled(Http2Stream s) {
        if (!s.blocked || !streams.containsKey(s.id) || state == State.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "stream " + s.id + ": no window for " + limits.zeroWindowTimeoutMillis()
                + " ms (zeroWindowTimeoutMillis): RST_STREAM(CANCEL)");
        IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 4);
        out.writerIndex((int) H2FrameWriter.rstStream(out.segment(), out.writerIndex(), s.id, H2ErrorCode.CANCEL));
        s.blocked = false;
        blocked.remove(s);
        closeStream(s, false);
        channel.flush();
    }

    private void flushPending(Http2Stream s) {
        while (!s.pending.isEmpty()) {
            byte[] chunk = s.pending.peek();
            int remaining = chunk.length - s.pendingOffset;
            boolean lastChunk = s.pending.size() == 1;
            int sent = writeData(s, MemorySegment.ofArray(chunk), s.pendingOffset, remaining, lastChunk && s.pendingEnd);
            if (sent < remaining) {
                s.pendingOffset += sent;
                if (sent > 0) {
                    armStall(s);
                }
                channel.flush();
                return;
            }
            s.pending.poll();
            s.pendingOffset = 0;
            if (lastChunk && s.pendingEnd) {
                s.pendingEnd = false;
            }
        }
        if (s.pendingEnd) { // an empty END_STREAM frame was waiting behind the data
            writeData(s, MemorySegment.ofArray(new byte[0]), 0, 0, true);
            s.pendingEnd = false;
        }
        s.blocked = false;
        blocked.remove(s);
        if (s.stallTimer != null) {
            s.stallTimer.cancel();
        }
        if (s.state == H2StreamState.CLOSED) {
            closeStream(s, false);
        }
        channel.flush();
    }

    private void resumeBlocked() {
        for (Http2Stream s : blocked.toArray(new Http2Stream[0])) {
            if (connectionSendWindow.available() <= 0) {
                return;
            }
            flushPending(s);
        }
    }

    private void windowUpdate(int streamId, int increment) {
        IoBuffer out = channel.outbound(H2Frames.HEADER_BYTES + 4);
        out.writerIndex((int) H2FrameWriter.windowUpdate(out.segment(), out.writerIndex(), streamId, increment));
    }

    void whenWritable(Http2Stream s, Runnable callback) {
        if (channel.isWritable() && s.pending.isEmpty()) {
            channel.loop().execute(callback);
        } else {
            writableCallback = callback;
        }
    }
}
