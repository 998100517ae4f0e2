package io.fasterapi.h2.stream;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.h2.frame.H2FrameType;

/**
 * A stream's state (RFC 9113 §5.1), as a server sees it, with the legal transitions and what receiving each frame
 * type in each state means:
 *
 * <pre>
 *   IDLE ---recv HEADERS---> OPEN ---recv END_STREAM---> HALF_CLOSED_REMOTE ---send END_STREAM---> CLOSED
 *   IDLE ---recv HEADERS + END_STREAM----------------> HALF_CLOSED_REMOTE
 *   OPEN ---send END_STREAM---> HALF_CLOSED_LOCAL ---recv END_STREAM---> CLOSED
 *   IDLE ---send PUSH_PROMISE---> RESERVED_LOCAL ---send HEADERS---> HALF_CLOSED_REMOTE
 *   any ---send or recv RST_STREAM---> CLOSED
 * </pre>
 *
 * Receiving, per §5.1: in IDLE only HEADERS and PRIORITY (else a connection PROTOCOL_ERROR); in RESERVED_LOCAL only
 * RST_STREAM, PRIORITY and WINDOW_UPDATE (else PROTOCOL_ERROR); in HALF_CLOSED_REMOTE only WINDOW_UPDATE, PRIORITY
 * and RST_STREAM (else a stream error STREAM_CLOSED); in CLOSED PRIORITY, and WINDOW_UPDATE and RST_STREAM that
 * crossed our END_STREAM or RST_STREAM on the wire, are ignored; anything else is STREAM_CLOSED (a connection error
 * once the peer itself ended the stream, §5.1 "closed"). A server never receives PUSH_PROMISE (§8.4: a connection
 * PROTOCOL_ERROR, checked by the connection).
 */
public enum H2StreamState {
    IDLE,
    RESERVED_LOCAL,
    RESERVED_REMOTE,
    OPEN,
    HALF_CLOSED_LOCAL,
    HALF_CLOSED_REMOTE,
    CLOSED;

    /** Whether the peer may still send DATA (and trailers) on the stream. */
    public boolean peerMaySend() {
        return this == OPEN || this == HALF_CLOSED_LOCAL;
    }

    /** Whether we may still send DATA on the stream. */
    public boolean mayWrite() {
        return this == OPEN || this == HALF_CLOSED_REMOTE;
    }

    /**
     * The state after receiving a frame of {@code type} ({@code endStream}: its END_STREAM flag) on stream
     * {@code streamId}; throws the error §5.1 gives a frame the state does not allow. {@code closedByPeer}: in
     * CLOSED, whether the peer ended the stream (END_STREAM or RST_STREAM from it) rather than we.
     */
    public H2StreamState onReceive(int streamId, H2FrameType type, boolean endStream, boolean closedByPeer) {
        if (type == H2FrameType.PRIORITY) {
            return this; // allowed in every state (§5.1, §5.3.2)
        }
        if (type == H2FrameType.RST_STREAM) {
            if (this == IDLE) {
                throw connection("RST_STREAM on idle stream " + streamId);
            }
            return CLOSED;
        }
        return switch (this) {
            case IDLE -> {
                if (type != H2FrameType.HEADERS) {
                    throw connection(type + " on idle stream " + streamId);
                }
                yield endStream ? HALF_CLOSED_REMOTE : OPEN;
            }
            case RESERVED_LOCAL -> {
                if (type != H2FrameType.WINDOW_UPDATE) {
                    throw connection(type + " on reserved stream " + streamId);
                }
                yield this;
            }
            case RESERVED_REMOTE -> throw connection("a server has no remotely reserved streams");
            case OPEN, HALF_CLOSED_LOCAL -> {
                if (type == H2FrameType.WINDOW_UPDATE || !endStream) {
                    yield this;
                }
                yield this == OPEN ? HALF_CLOSED_REMOTE : CLOSED; // DATA or trailers with END_STREAM
            }
            case HALF_CLOSED_REMOTE -> {
                if (type == H2FrameType.WINDOW_UPDATE) {
                    yield this;
                }
                throw new H2Exception.Stream(streamId, H2ErrorCode.STREAM_CLOSED, type
                        + " on stream " + streamId + " after its END_STREAM (§5.1 half-closed (remote))");
            }
            case CLOSED -> {
                if (type == H2FrameType.WINDOW_UPDATE && !closedByPeer) {
                    yield this; // crossed our END_STREAM or RST_STREAM
                }
                String why = type + " on closed stream " + streamId + " (§5.1 closed)";
                if (closedByPeer) {
                    throw new H2Exception.Connection(H2ErrorCode.STREAM_CLOSED, why);
                }
                throw new H2Exception.Stream(streamId, H2ErrorCode.STREAM_CLOSED, why);
            }
        };
    }

    /** The state after we send HEADERS or DATA ({@code endStream}), PUSH_PROMISE, or RST_STREAM. */
    public H2StreamState onSend(H2FrameType type, boolean endStream) {
        if (type == H2FrameType.RST_STREAM) {
            return CLOSED;
        }
        if (type == H2FrameType.PUSH_PROMISE) {
            if (this != IDLE) {
                throw new IllegalStateException("PUSH_PROMISE reserves an idle stream, not a " + this + " one");
            }
            return RESERVED_LOCAL;
        }
        return switch (this) {
            case RESERVED_LOCAL -> endStream ? CLOSED : HALF_CLOSED_REMOTE;
            case OPEN -> endStream ? HALF_CLOSED_LOCAL : OPEN;
            case HALF_CLOSED_REMOTE -> endStream ? CLOSED : HALF_CLOSED_REMOTE;
            default -> throw new IllegalStateException("cannot send " + type + " on a " + this + " stream");
        };
    }

    private static H2Exception.Connection connection(String why) {
        return new H2Exception.Connection(H2ErrorCode.PROTOCOL_ERROR, why + " (§5.1)");
    }
}
