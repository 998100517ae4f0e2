package io.fasterapi.io;

import org.junit.jupiter.api.Assumptions;

/**
 * Transport tests run wherever their backend is available. With {@code -Dfasterapi.test.requireIoUring=true}
 * (CI sets it: its machines have io_uring and epoll) an unavailable backend fails instead of skipping.
 */
final class TransportTestSupport {
    private TransportTestSupport() {}

    static void assumeAvailable(Transport transport) {
        Throwable cause = transport.unavailabilityCause();
        if (cause == null) {
            return;
        }
        String reason = transport.id() + " unavailable: " + cause.getMessage();
        if (Boolean.getBoolean("fasterapi.test.requireIoUring")) {
            throw new AssertionError(reason, cause);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
