package io.fasterapi.linux.uring;

import org.junit.jupiter.api.Assumptions;

/**
 * io_uring tests run wherever io_uring is available. With {@code -Dfasterapi.test.requireIoUring=true}
 * (set by CI, whose machines have io_uring) an unavailable io_uring fails the test instead of skipping it.
 */
public final class IoUringTestSupport {
    private IoUringTestSupport() {}

    public static void assumeOrRequireIoUring() {
        if (IoUring.isAvailable()) {
            return;
        }
        String reason = "io_uring unavailable: " + IoUring.unavailabilityCause().getMessage();
        if (Boolean.getBoolean("fasterapi.test.requireIoUring")) {
            throw new AssertionError(reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
