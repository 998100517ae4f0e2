package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;

/**
 * Turns what {@link WsFrameParser} reports into whole messages (RFC 6455 §5.4, §5.6), for any transport: a
 * TCP connection (RFC 6455) or an HTTP/2 stream (RFC 8441) feeds the same parser into the same assembler.
 *
 * <pre>
 *   read buffer ──▶ WsFrameParser ──(WsFrameSink)──▶ WsMessageAssembler ──(WsMessageSink)──▶ glue
 *                                                    │ UTF-8, inflate
 *                                                    └─ WsMessageBuffer (gathered bytes)
 * </pre>
 *
 * <p>What it does: gathers the fragments of a message in order, with control frames passed on at once even
 * inside a fragmented message (§5.4: "control frames MAY be injected in the middle of a fragmented
 * message"); validates text as UTF-8 while it arrives, so an invalid byte fails at once even in a message's
 * first fragment, and a message may not end inside a character (§8.1; 1007 {@code invalid_utf8}); inflates
 * compressed messages chunk by chunk (RFC 7692 §6.2, §7.2.2), stopping at {@link WsLimits#maxMessageBytes()}
 * of output (1009 {@code message_too_big}) and refusing bad DEFLATE data (1007 {@code invalid_deflate_data}).
 * The parser refuses before this sees them: a continuation with no message, a new message inside one (1002),
 * a frame or a message above the limits before inflation (1009). Errors are thrown as {@link WsException}
 * out of the parser's {@code parse}; they end the connection, and the glue then calls {@link #release()} or
 * {@link #close()} and feeds nothing more.
 *
 * <p>Ownership, the zero-copy path: a message whose bytes all arrive in one read is handed to
 * {@link WsMessageSink#onMessage} as a view into the caller's read buffer, without a copy. To allow it, the
 * assembler may keep the first chunk of a message as a view until the read ends: the caller must leave the
 * bytes it fed unchanged until it calls {@link #endOfRead()}, and must call it before it reuses, moves or
 * frees them (after each {@code parse} of a read). Then a message still in progress is copied into the
 * {@link WsMessageBuffer}, and the assembler keeps no reference into the caller's memory. What it hands to
 * the sink is valid during that call only; gathered bytes are released when the call returns.
 *
 * <p>Owned by one connection (or stream); not thread-safe. {@link #close()} frees the native inflater.
 */
public final class WsMessageAssembler implements WsFrameSink {
    private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);

    /**
     * Where the bytes of the message in progress are. EMPTY → IN_READ_BUFFER (first plain chunk), EMPTY or
     * IN_READ_BUFFER → GATHERED (a second chunk, inflated bytes, or the end of the read), any → EMPTY (the
     * message was delivered, or everything is released).
     */
    private enum Payload {
        /** No byte yet. */
        EMPTY,
        /** One chunk, still in the caller's read buffer: valid until {@link #endOfRead()}. */
        IN_READ_BUFFER,
        /** Copied into the {@link WsMessageBuffer}. */
        GATHERED
    }

    /** What happens to data messages. DELIVER → DISCARD only, never back. */
    private enum Mode {
        /** Assembled, checked and handed to the sink. */
        DELIVER,
        /** Read and dropped unchecked (the glue's close handshake began); control frames still reach the sink. */
        DISCARD
    }

    private final WsRole role;
    private final WsLimits limits;
    private final PerMessageDeflate.Agreement deflate;
    private final WsMessageBuffer buffer;
    private final WsMessageSink sink;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final PerMessageDeflate.Sink inflatedSink = this::inflated;
    private PerMessageDeflate.Decompressor decompressor;
    private Mode mode = Mode.DELIVER;
    private Payload payload = Payload.EMPTY;
    private WsMessageType type = WsMessageType.BINARY;
    private WsCompression compression = WsCompression.NONE;
    /** Compressed bytes of the message so far. */
    private long compressedBytes;
    /** The {@link Payload#IN_READ_BUFFER} chunk. */
    private MemorySegment pendingSegment;
    private long pendingOffset;
    private int pendingLength;

    /**
     * @param role    which side we are: it picks the peer's context takeover parameter (RFC 7692 §7.1.1)
     * @param limits  the message limit bounds what a compressed message may inflate to
     * @param deflate the permessage-deflate agreement, or null when none was negotiated
     * @param buffer  memory for messages that cannot be handed out in place
     * @param sink    receives messages and control frames
     */
    public WsMessageAssembler(WsRole role, WsLimits limits, PerMessageDeflate.Agreement deflate,
                              WsMessageBuffer buffer, WsMessageSink sink) {
        this.role = role;
        this.limits = limits;
        this.deflate = deflate;
        this.buffer = buffer;
        this.sink = sink;
    }

    /**
     * The current read ends: a message still in progress whose bytes are in the caller's read buffer is
     * copied into the message buffer. Call after parsing each read, before the read buffer is reused.
     */
    public void endOfRead() {
        if (payload == Payload.IN_READ_BUFFER) {
            gatherPending();
        }
    }

    /**
     * From now on, data messages are read and dropped without checks, the one in progress included; control
     * frames still reach the sink (RFC 6455 §5.5.1: after sending a close, the endpoint waits for the peer's).
     * Safe inside {@link WsMessageSink#onMessage}: the view handed there stays valid until that call returns.
     */
    public void discardMessages() {
        mode = Mode.DISCARD;
    }

    /**
     * Gives back the gathered bytes of the message in progress and forgets a view into the read buffer. Not
     * from inside {@link WsMessageSink#onMessage} while its view is still in use. Idempotent.
     */
    public void release() {
        if (payload == Payload.GATHERED) {
            buffer.release();
        }
        payload = Payload.EMPTY;
        pendingSegment = null;
    }

    /** Releases everything, the native inflater too; later data messages are dropped. Idempotent. */
    public void close() {
        mode = Mode.DISCARD;
        release();
        if (decompressor != null) {
            decompressor.close();
            decompressor = null;
        }
    }

    // ---------------------------------------------------------------- WsFrameSink

    @Override
    public void onMessageStart(WsMessageType type, WsCompression compression) {
        this.type = type;
        this.compression = compression;
        compressedBytes = 0;
        utf8.reset();
    }

    @Override
    public void onMessageData(MemorySegment data, long offset, int length) {
        if (mode == Mode.DISCARD) {
            return;
        }
        if (compression == WsCompression.DEFLATE) {
            compressedBytes += length;
            decompressor().feed(data, offset, length, inflatedSink);
            return;
        }
        validate(data, offset, length);
        switch (payload) {
            case EMPTY -> { // maybe the whole message: keep a view, copy nothing yet
                pendingSegment = data;
                pendingOffset = offset;
                pendingLength = length;
                payload = Payload.IN_READ_BUFFER;
            }
            case IN_READ_BUFFER -> {
                gatherPending();
                buffer.append(data, offset, length);
            }
            case GATHERED -> buffer.append(data, offset, length);
        }
    }

    @Override
    public void onMessageEnd() {
        if (mode == Mode.DISCARD) {
            release();
            return;
        }
        if (compression == WsCompression.DEFLATE && compressedBytes > 0) {
            // (An empty compressed payload is an empty message: the 00 00 FF FF tail alone is not a whole
            // deflate block and would leave the inflater mid-block for the next message.)
            decompressor().finish(inflatedSink);
        }
        if (type == WsMessageType.TEXT && !utf8.isComplete()) { // RFC 6455 §8.1
            throw new WsException(WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8", "text message ends inside a character");
        }
        try {
            switch (payload) {
                case IN_READ_BUFFER -> sink.onMessage(type, pendingSegment, pendingOffset, pendingLength);
                case GATHERED -> sink.onMessage(type, buffer.segment(), buffer.offset(), buffer.length());
                case EMPTY -> sink.onMessage(type, EMPTY, 0, 0);
            }
        } finally {
            release();
        }
    }

    @Override
    public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
        sink.onControl(opcode, data, offset, length);
    }

    // ---------------------------------------------------------------- internals

    /** Bytes inflated from the message so far (RFC 7692 §6.2): validated, then gathered. */
    private void inflated(MemorySegment data, long offset, int length) {
        validate(data, offset, length);
        buffer.append(data, offset, length);
        payload = Payload.GATHERED;
    }

    /** Text is checked as it arrives: the first invalid byte fails the connection (RFC 6455 §8.1). */
    private void validate(MemorySegment data, long offset, int length) {
        if (type == WsMessageType.TEXT && !utf8.update(data, offset, length)) {
            throw new WsException(WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8", "text message is not UTF-8");
        }
    }

    private void gatherPending() {
        MemorySegment segment = pendingSegment;
        pendingSegment = null;
        buffer.append(segment, pendingOffset, pendingLength);
        payload = Payload.GATHERED;
    }

    private PerMessageDeflate.Decompressor decompressor() {
        if (decompressor == null) {
            decompressor = new PerMessageDeflate.Decompressor(peerNoContextTakeover(), limits.maxMessageBytes());
        }
        return decompressor;
    }

    /** Whether the peer resets its compressor after each message, so our inflater may too (RFC 7692 §7.1.1). */
    private boolean peerNoContextTakeover() {
        return switch (role) {
            case SERVER -> deflate.clientNoContextTakeover();
            case CLIENT -> deflate.serverNoContextTakeover();
        };
    }
}
