package io.fasterapi.http1.server;

import io.fasterapi.io.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP/1.1 server tests on the EPOLL transport. */
class EpollHttpServerTest extends HttpServerTest {
    @BeforeAll
    static void available() {
        Throwable cause = Transport.EPOLL.unavailabilityCause();
        if (cause != null && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"))) {
            throw new AssertionError("EPOLL unavailable", cause);
        }
        Assumptions.assumeTrue(cause == null, () -> "EPOLL unavailable: " + cause.getMessage());
    }

    @Override
    Transport transport() {
        return Transport.EPOLL;
    }
}
