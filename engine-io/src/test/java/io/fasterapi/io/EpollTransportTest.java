package io.fasterapi.io;

import org.junit.jupiter.api.BeforeAll;

/** The transport conformance suite on the EPOLL backend. */
class EpollTransportTest extends TransportConformanceTest {
    @BeforeAll
    static void available() {
        TransportTestSupport.assumeAvailable(Transport.EPOLL);
    }

    @Override
    Transport transport() {
        return Transport.EPOLL;
    }
}
