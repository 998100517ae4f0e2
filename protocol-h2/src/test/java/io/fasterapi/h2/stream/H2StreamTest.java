package io.fasterapi.h2.stream;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.h2.frame.H2FrameType;
import org.junit.jupiter.api.Test;

import static io.fasterapi.h2.stream.H2StreamState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 9113 §5.1's state machine and §5.2/§6.9's windows, case by case (h2spec's 5.1 and 6.9 cases). */
class H2StreamTest {

    private static H2Exception receiveRefused(H2StreamState state, H2FrameType type, boolean endStream, boolean byPeer) {
        return assertThrows(H2Exception.class, () -> state.onReceive(1, type, endStream, byPeer));
    }

    @Test
    void section5_1_aRequestsLife() {
        H2StreamState s = IDLE.onReceive(1, H2FrameType.HEADERS, false, false);
        assertEquals(OPEN, s);
        s = s.onReceive(1, H2FrameType.DATA, false, false);
        assertEquals(OPEN, s);
        s = s.onReceive(1, H2FrameType.DATA, true, false);
        assertEquals(HALF_CLOSED_REMOTE, s);
        s = s.onSend(H2FrameType.HEADERS, false);
        assertEquals(HALF_CLOSED_REMOTE, s);
        assertEquals(CLOSED, s.onSend(H2FrameType.DATA, true));
        assertEquals(HALF_CLOSED_REMOTE, IDLE.onReceive(1, H2FrameType.HEADERS, true, false), "a GET: HEADERS + END_STREAM");
        assertEquals(HALF_CLOSED_LOCAL, OPEN.onSend(H2FrameType.DATA, true), "answered before the request body ended");
        assertEquals(CLOSED, HALF_CLOSED_LOCAL.onReceive(1, H2FrameType.DATA, true, false));
        assertEquals(RESERVED_LOCAL, IDLE.onSend(H2FrameType.PUSH_PROMISE, false));
        assertEquals(HALF_CLOSED_REMOTE, RESERVED_LOCAL.onSend(H2FrameType.HEADERS, false));
    }

    @Test
    void section5_1_idle() {
        for (H2FrameType t : new H2FrameType[] {H2FrameType.DATA, H2FrameType.WINDOW_UPDATE, H2FrameType.RST_STREAM,
                H2FrameType.CONTINUATION}) {
            H2Exception e = receiveRefused(IDLE, t, false, false);
            assertInstanceOf(H2Exception.Connection.class, e, t.toString());
            assertEquals(H2ErrorCode.PROTOCOL_ERROR, e.code());
        }
        assertEquals(IDLE, IDLE.onReceive(1, H2FrameType.PRIORITY, false, false), "PRIORITY on an idle stream");
    }

    @Test
    void section5_1_halfClosedRemote() {
        for (H2FrameType t : new H2FrameType[] {H2FrameType.DATA, H2FrameType.HEADERS, H2FrameType.CONTINUATION}) {
            H2Exception e = receiveRefused(HALF_CLOSED_REMOTE, t, false, false);
            H2Exception.Stream stream = assertInstanceOf(H2Exception.Stream.class, e, t.toString());
            assertEquals(H2ErrorCode.STREAM_CLOSED, e.code());
            assertEquals(1, stream.streamId());
        }
        assertEquals(HALF_CLOSED_REMOTE, HALF_CLOSED_REMOTE.onReceive(1, H2FrameType.WINDOW_UPDATE, false, false));
        assertEquals(CLOSED, HALF_CLOSED_REMOTE.onReceive(1, H2FrameType.RST_STREAM, false, false));
    }

    @Test
    void section5_1_closed() {
        H2Exception afterPeerEnded = receiveRefused(CLOSED, H2FrameType.DATA, false, true);
        assertInstanceOf(H2Exception.Connection.class, afterPeerEnded);
        assertEquals(H2ErrorCode.STREAM_CLOSED, afterPeerEnded.code());
        H2Exception afterWeReset = receiveRefused(CLOSED, H2FrameType.DATA, false, false);
        assertInstanceOf(H2Exception.Stream.class, afterWeReset);
        assertEquals(CLOSED, CLOSED.onReceive(1, H2FrameType.WINDOW_UPDATE, false, false), "crossed on the wire");
        assertEquals(CLOSED, CLOSED.onReceive(1, H2FrameType.RST_STREAM, false, false));
        assertEquals(CLOSED, CLOSED.onReceive(1, H2FrameType.PRIORITY, false, true));
        assertThrows(IllegalStateException.class, () -> CLOSED.onSend(H2FrameType.DATA, false));
    }

    @Test
    void section5_1_reservedLocal() {
        H2Exception e = receiveRefused(RESERVED_LOCAL, H2FrameType.DATA, false, false);
        assertInstanceOf(H2Exception.Connection.class, e);
        assertEquals(RESERVED_LOCAL, RESERVED_LOCAL.onReceive(2, H2FrameType.WINDOW_UPDATE, false, false));
    }

    @Test
    void section6_9_windows() {
        H2FlowWindow connection = new H2FlowWindow(0, 65_535);
        connection.take(65_535);
        assertEquals(0, connection.available());
        connection.grow(100);
        assertEquals(100, connection.available());
        H2Exception overflow = assertThrows(H2Exception.class, () -> connection.grow(Integer.MAX_VALUE));
        assertInstanceOf(H2Exception.Connection.class, overflow, "6.9.1: the connection window past 2^31-1");
        assertEquals(H2ErrorCode.FLOW_CONTROL_ERROR, overflow.code());

        H2FlowWindow stream = new H2FlowWindow(3, 65_535);
        H2Exception streamOverflow = assertThrows(H2Exception.class, () -> stream.grow(Integer.MAX_VALUE));
        assertInstanceOf(H2Exception.Stream.class, streamOverflow, "6.9.1: a stream window past 2^31-1");

        H2FlowWindow shrunk = new H2FlowWindow(5, 65_535);
        shrunk.take(60_000);
        shrunk.adjust(-10_000); // 6.9.2: SETTINGS_INITIAL_WINDOW_SIZE lowered below what is in flight
        assertEquals(-4_465, shrunk.available());
        shrunk.grow(5_000);
        assertEquals(535, shrunk.available());
        assertThrows(H2Exception.Connection.class, () -> new H2FlowWindow(7, 1).adjust(Integer.MAX_VALUE));

        H2FlowWindow ours = new H2FlowWindow(1, 100);
        ours.receive(100);
        H2Exception tooMuch = assertThrows(H2Exception.class, () -> ours.receive(1));
        assertEquals(H2ErrorCode.FLOW_CONTROL_ERROR, tooMuch.code());
        ours.reopen(50);
        ours.receive(50);
    }

    @Test
    void section6_9_creditIsGivenBackInBatchesAsDataIsConsumed() {
        H2ReceiveCredit credit = new H2ReceiveCredit(65_535);
        assertEquals(0, credit.consumed(16_384));
        assertEquals(0, credit.consumed(16_382));
        assertEquals(32_767, credit.consumed(1), "half the window consumed: one WINDOW_UPDATE for all of it");
        assertEquals(0, credit.consumed(10));
    }
}
