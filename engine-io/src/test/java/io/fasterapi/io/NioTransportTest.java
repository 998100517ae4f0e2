package io.fasterapi.io;

import org.junit.jupiter.api.BeforeAll;

/** The transport conformance suite on the NIO backend. */
class NioTransportTest extends TransportConformanceTest {
    @BeforeAll
    static void available() {
        TransportTestSupport.assumeAvailable(Transport.NIO);
    }

    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
