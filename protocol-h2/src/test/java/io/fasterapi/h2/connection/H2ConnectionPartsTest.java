package io.fasterapi.h2.connection;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.h2.frame.H2Frames;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection's limits, abuse counters (rapid reset, floods) and the peer's SETTINGS (RFC 9113 §6.5.2, §10.5). */
class H2ConnectionPartsTest {
    private static final long MS = 1_000_000L;

    @Test
    void rapidResetIsCountedPerWindowThenEnhanceYourCalm() {
        H2Limits limits = H2Limits.defaults().withResets(3, 1_000);
        H2AbuseGuard guard = new H2AbuseGuard(limits, 0);
        guard.streamReset(1 * MS);
        guard.streamReset(2 * MS);
        guard.streamReset(3 * MS);
        H2Exception e = assertThrows(H2Exception.Connection.class, () -> guard.streamReset(4 * MS));
        assertEquals(H2ErrorCode.ENHANCE_YOUR_CALM, e.code());
        assertTrue(e.getMessage().contains("rapid reset"), e.getMessage());

        H2AbuseGuard patient = new H2AbuseGuard(limits, 0);
        for (int window = 0; window < 5; window++) { // three per second, for five seconds: fine
            for (int i = 0; i < 3; i++) {
                patient.streamReset((window * 1_000 + i) * MS);
            }
        }
    }

    @Test
    void pingSettingsAndEmptyFrameFloods() {
        H2Limits limits = H2Limits.defaults().withControlFrames(5, 2);
        H2AbuseGuard guard = new H2AbuseGuard(limits, 0);
        for (int i = 0; i < 5; i++) {
            guard.controlFrame(i * MS);
        }
        assertEquals(H2ErrorCode.ENHANCE_YOUR_CALM,
                assertThrows(H2Exception.Connection.class, () -> guard.controlFrame(6 * MS)).code());
        H2AbuseGuard empty = new H2AbuseGuard(limits, 0);
        empty.emptyFrame(0);
        empty.emptyFrame(0);
        assertThrows(H2Exception.Connection.class, () -> empty.emptyFrame(0));
    }

    @Test
    void limitsHaveNamedDefaultsAndRefuseNonsense() {
        H2Limits d = H2Limits.defaults();
        assertEquals(100, d.maxConcurrentStreams());
        assertEquals(16_384, d.maxFrameSize());
        assertEquals(4_096, d.headerTableSize());
        assertEquals(200, d.maxResetsPerWindow());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxConcurrentStreams(0));
        assertThrows(IllegalArgumentException.class, () -> d.withResets(0, 1_000));
    }

    @Test
    void section6_5_2_peerSettings() {
        H2PeerSettings peer = new H2PeerSettings();
        assertEquals(65_535, peer.initialWindowSize(), "defaults until the peer says otherwise");
        assertEquals(16_384, peer.maxFrameSize());
        assertEquals(Long.MAX_VALUE, peer.maxConcurrentStreams());
        assertTrue(peer.enablePush());
        assertEquals(1_000_000 - 65_535, peer.apply(H2Frames.SETTINGS_INITIAL_WINDOW_SIZE, 1_000_000));
        assertEquals(-999_000, peer.apply(H2Frames.SETTINGS_INITIAL_WINDOW_SIZE, 1_000), "6.9.2: may shrink");
        assertEquals(0, peer.apply(H2Frames.SETTINGS_ENABLE_PUSH, 0));
        assertFalse(peer.enablePush());
        peer.apply(H2Frames.SETTINGS_HEADER_TABLE_SIZE, 1 << 20);
        assertEquals(4_096, peer.headerTableSize(4_096), "our encoder keeps at most what we choose");
        peer.apply(H2Frames.SETTINGS_MAX_FRAME_SIZE, 1 << 20);
        assertEquals(1 << 20, peer.maxFrameSize());
        assertEquals(0, peer.apply(0x99, 12), "unknown parameters are ignored");
        peer.apply(H2Frames.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1);
        assertTrue(peer.enableConnectProtocol());
    }
}
