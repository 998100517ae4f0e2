package io.fasterapi.http1.server;

import io.fasterapi.io.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP/1.1 server tests on the NIO transport. */
class NioHttpServerTest extends HttpServerTest {
    @BeforeAll
    static void available() {
        Throwable cause = Transport.NIO.unavailabilityCause();
        if (cause != null && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"))) {
            throw new AssertionError("NIO unavailable", cause);
        }
        Assumptions.assumeTrue(cause == null, () -> "NIO unavailable: " + cause.getMessage());
    }

    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
