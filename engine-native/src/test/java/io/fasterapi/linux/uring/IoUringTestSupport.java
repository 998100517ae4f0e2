package io.fasterapi.linux.uring;

import org.junit.jupiter.api.Assumptions;

/**
 * io_uring tests run wherever io_uring is available. With {@code FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS=1}
 * (set by CI, whose machines have io_uring) an unavailable io_uring fails the test instead of skipping it.
 */
public final class IoUringTestSupport {
    private IoUringTestSupport() {}

    public static void assumeOrRequireIoUring() {
        if (IoUring.isAvailable()) {
            return;
        }
        String reason = "io_uring unavailable: " + IoUring.unavailabilityCause().getMessage();
        if (requireAll()) {
            throw new AssertionError(reason);
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
