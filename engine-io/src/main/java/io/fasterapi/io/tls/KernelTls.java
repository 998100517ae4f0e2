package io.fasterapi.io.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The probe for kTLS (the kernel's TLS record layer, {@code TCP_ULP "tls"}): whether this kernel offers the
 * {@code tls} upper-layer protocol ({@code /proc/sys/net/ipv4/tcp_available_ulp}). The engine does not hand
 * records to the kernel yet (docs/architecture.md says how it would); the probe runs once, when the first server
 * context is made, and says what it found, so an operator knows whether that step would apply on the machine.
 */
public final class KernelTls {
    private static final System.Logger LOG = System.getLogger(KernelTls.class.getName());
    private static final Path AVAILABLE_ULP = Path.of("/proc/sys/net/ipv4/tcp_available_ulp");
    private static volatile boolean reported;

    private KernelTls() {}

    /** The kernel's upper-layer protocols ({@code [mptcp, tls]}), or empty where the file is absent (not Linux). */
    public static List<String> availableUlps() {
        try {
            String text = Files.readString(AVAILABLE_ULP).strip();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** Whether the kernel offers kTLS. */
    public static boolean available() {
        return availableUlps().contains("tls");
    }

    /** Logs the probe's result once per process. */
    static void reportOnce() {
        if (reported) {
            return;
        }
        reported = true;
        List<String> ulps = availableUlps();
        if (ulps.contains("tls")) {
            LOG.log(System.Logger.Level.INFO, "kTLS: the kernel offers the tls ULP; records are still encrypted by "
                    + "OpenSSL in user space (kernel offload is not implemented)");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "kTLS: the kernel offers no tls ULP (tcp_available_ulp: " + ulps
                    + "; modprobe tls adds it): records are encrypted by OpenSSL in user space");
        }
    }
}
