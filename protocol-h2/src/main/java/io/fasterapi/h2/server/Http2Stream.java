package io.fasterapi.h2.server;

import io.fasterapi.h2.stream.H2FlowWindow;
import io.fasterapi.h2.stream.H2StreamState;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One stream of a server connection: its §5.1 state, its send window, the request being received (head, body),
 * and response DATA waiting for window (copies, in order). Owned by the connection's loop.
 */
final class Http2Stream {
    final int id;
    H2StreamState state = H2StreamState.IDLE;
    /** Whether the peer ended the stream (END_STREAM or RST_STREAM from it): what a late frame on it means. */
    boolean closedByPeer;
    final H2FlowWindow sendWindow;
    Http2RequestHead head;
    byte[] body = new byte[0];
    int bodyLength;
    Http2Exchange exchange;
    /** Response DATA not yet sent for want of window: chunks, and whether END_STREAM follows the last. */
    final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    int pendingOffset;
    boolean pendingEnd;
    /** Queued in the connection's list of streams waiting for window. */
    boolean blocked;
    /** Resets the stream if its response makes no progress for zeroWindowTimeoutMillis while blocked. */
    io.fasterapi.io.Timer stallTimer;

    Http2Stream(int id, long initialSendWindow) {
        this.id = id;
        this.sendWindow = new H2FlowWindow(id, initialSendWindow);
    }

    void appendBody(java.lang.foreign.MemorySegment source, long offset, int length) {
        if (bodyLength + length > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + length, Math.max(256, body.length * 2)));
        }
        java.lang.foreign.MemorySegment.copy(source, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, body, bodyLength,
                length);
        bodyLength += length;
    }

    long pendingBytes() {
        long n = -pendingOffset;
        for (byte[] b : pending) {
            n += b.length;
        }
        return n;
    }
}
