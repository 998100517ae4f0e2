package io.fasterapi.linux;

import io.fasterapi.linux.ffi.libc_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SocketAddressesTest {

    private static SocketAddress roundTrip(SocketAddress address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SocketAddresses.STORAGE_BYTES);
            int len = SocketAddresses.encode(address, storage);
            return SocketAddresses.decode(storage, len);
        }
    }

    @Test
    void ipv4PortIsNetworkOrder() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0x1F90);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SocketAddresses.STORAGE_BYTES);
            assertEquals(16, SocketAddresses.encode(address, storage));
            byte[] raw = storage.asSlice(0, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            // sin_family = AF_INET (little-endian host order), port 8080 = 0x1F90 big-endian, then 10.1.2.3
            assertEquals(libc_h.AF_INET, raw[0]);
            assertEquals(0x1F, raw[2]);
            assertEquals((byte) 0x90, raw[3]);
            assertEquals(10, raw[4]);
            assertEquals(3, raw[7]);
        }
        assertEquals(address, roundTrip(address));
    }

    @Test
    void ipv6RoundTrips() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"), 65535);
        assertEquals(address, roundTrip(address));
    }

    @Test
    void unixPathRoundTrips() {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of("/tmp/fasterapi-test.sock");
        assertEquals(address, roundTrip(address));
    }

    @Test
    void unixPathLongerThanSunPathIsRejected() {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of("/tmp/" + "x".repeat(120));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> roundTrip(address));
        assertEquals(true, e.getMessage().contains("1-107 bytes"), e.getMessage());
    }

    @Test
    void unresolvedAddressIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SocketAddresses.family(InetSocketAddress.createUnresolved("example.invalid", 80)));
    }
}
