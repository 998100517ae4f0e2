package io.fasterapi.http1.server;

import io.fasterapi.io.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP/1.1 server tests on the IO_URING transport. */
class UringHttpServerTest extends HttpServerTest {
    @BeforeAll
    static void available() {
        Throwable cause = Transport.IO_URING.unavailabilityCause();
        if (cause != null && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"))) {
            throw new AssertionError("IO_URING unavailable", cause);
        }
        Assumptions.assumeTrue(cause == null, () -> "IO_URING unavailable: " + cause.getMessage());
    }

    @Override
    Transport transport() {
        return Transport.IO_URING;
    }
}
