package io.fasterapi.io.tls;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kTLS probe reads what the kernel lists, independently of how the file is read here. */
class KernelTlsTest {
    @Test
    void theProbeReportsTheKernelsUpperLayerProtocols() throws Exception {
        Path file = Path.of("/proc/sys/net/ipv4/tcp_available_ulp");
        List<String> expected = Files.exists(file) ? List.of(Files.readString(file).trim().split(" +")) : List.of();
        assertEquals(expected.stream().filter(s -> !s.isEmpty()).toList(), KernelTls.availableUlps());
        assertEquals(expected.contains("tls"), KernelTls.available());
    }
}
