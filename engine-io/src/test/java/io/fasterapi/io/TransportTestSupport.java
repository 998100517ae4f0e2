package io.fasterapi.io;

import org.junit.jupiter.api.Assumptions;

/**
 * Transport tests run wherever their backend is available. With {@code FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS=1}
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
        if (requireAll()) {
            throw new AssertionError(reason, cause);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** CI sets {@code FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS=1} (or the system property): skipping is then a failure. */
    static boolean requireAll() {
        return Boolean.getBoolean("fasterapi.test.requireAllTransports")
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"));
    }
}
