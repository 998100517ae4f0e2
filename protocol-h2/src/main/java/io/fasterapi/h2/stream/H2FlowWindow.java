package io.fasterapi.h2.stream;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.h2.frame.H2Frames;

/**
 * A flow-control window (RFC 9113 §5.2, §6.9): a signed count of octets of DATA that may still be sent, for the
 * connection (stream 0) or one stream. As the sender's view of the peer's window: {@link #take} as DATA goes out,
 * {@link #grow} on WINDOW_UPDATE (past 2^31-1 is a FLOW_CONTROL_ERROR: a connection error for stream 0, a stream
 * error otherwise), {@link #adjust} when SETTINGS_INITIAL_WINDOW_SIZE changes (it may go negative, §6.9.2; past
 * 2^31-1 is a connection error). As the receiver's view of ours: {@link #receive} refuses DATA beyond it.
 */
public final class H2FlowWindow {
    private final int streamId;
    private long window;

    public H2FlowWindow(int streamId, long initial) {
        this.streamId = streamId;
        this.window = initial;
    }

    public long available() {
        return window;
    }

    /** We send {@code n} octets of DATA (the caller sent no more than {@link #available()}). */
    public void take(int n) {
        if (n > window) {
            throw new IllegalStateException("sending " + n + " octets with a window of " + window);
        }
        window -= n;
    }

    /** WINDOW_UPDATE from the peer (an increment of 1 to 2^31-1; the parser refused 0). */
    public void grow(int increment) {
        long next = window + increment;
        if (next > H2Frames.MAX_WINDOW_SIZE) {
            String why = "WINDOW_UPDATE takes the window of " + (streamId == 0 ? "the connection" : "stream " + streamId)
                    + " past 2^31-1 (§6.9.1)";
            throw streamId == 0 ? new H2Exception.Connection(H2ErrorCode.FLOW_CONTROL_ERROR, why)
                    : new H2Exception.Stream(streamId, H2ErrorCode.FLOW_CONTROL_ERROR, why);
        }
        window = next;
    }

    /** SETTINGS_INITIAL_WINDOW_SIZE changed by {@code delta}: every stream window moves by it (§6.9.2). */
    public void adjust(long delta) {
        long next = window + delta;
        if (next > H2Frames.MAX_WINDOW_SIZE) {
            throw new H2Exception.Connection(H2ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE takes stream "
                    + streamId + "'s window past 2^31-1 (§6.9.2)");
        }
        window = next;
    }

    /** The peer sent {@code n} flow-controlled octets into our window: beyond it is a FLOW_CONTROL_ERROR. */
    public void receive(int n) {
        if (n > window) {
            String why = n + " octets of DATA with " + window + " left in the window of "
                    + (streamId == 0 ? "the connection" : "stream " + streamId) + " (§6.9)";
            throw streamId == 0 ? new H2Exception.Connection(H2ErrorCode.FLOW_CONTROL_ERROR, why)
                    : new H2Exception.Stream(streamId, H2ErrorCode.FLOW_CONTROL_ERROR, why);
        }
        window -= n;
    }

    /** We sent WINDOW_UPDATE {@code increment} for our own window. */
    public void reopen(int increment) {
        window += increment;
    }
}
