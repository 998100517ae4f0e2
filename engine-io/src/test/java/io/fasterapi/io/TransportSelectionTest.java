package io.fasterapi.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportSelectionTest {
    @Test
    void namesParseAsUsersWriteThem() {
        assertEquals(Transport.IO_URING, Transport.parse("io_uring"));
        assertEquals(Transport.IO_URING, Transport.parse("IO-URING"));
        assertEquals(Transport.EPOLL, Transport.parse(" epoll "));
        assertEquals(Transport.NIO, Transport.parse("nio"));
        assertNull(Transport.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.parse("kqueue"));
        assertTrue(e.getMessage().contains("io_uring, epoll, nio or auto"));
    }

    @Test
    void automaticChoiceIsTheBestAvailableAndSaysWhy() {
        Transport.Selection selection = Transport.select(null);
        Transport expected = Transport.IO_URING.isAvailable() ? Transport.IO_URING
                : Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO;
        if (System.getProperty(Transport.PROPERTY) == null && System.getenv(Transport.ENVIRONMENT) == null) {
            assertEquals(expected, selection.transport());
            assertTrue(selection.reason().contains("best available"), selection.reason());
        }
    }

    @Test
    void aNamedTransportIsUsedAsIs() {
        Transport.Selection selection = Transport.select(Transport.NIO);
        assertEquals(Transport.NIO, selection.transport());
        assertTrue(selection.reason().contains("configured"));
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().receiveBufferCount(300).build());
        assertTrue(e.getMessage().contains("receiveBufferCount"));
        e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().writeLowWaterMarkBytes(1 << 20).build());
        assertTrue(e.getMessage().contains("writeLowWaterMarkBytes"));
    }
}
