package io.fasterapi.io;

import org.junit.jupiter.api.BeforeAll;

/** The transport conformance suite on the IO_URING backend. */
class UringTransportTest extends TransportConformanceTest {
    @BeforeAll
    static void available() {
        TransportTestSupport.assumeAvailable(Transport.IO_URING);
    }

    @Override
    Transport transport() {
        return Transport.IO_URING;
    }
}
