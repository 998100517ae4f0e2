package io.fasterapi.ws.server;

import io.fasterapi.io.Transport;

/** The WebSocket conformance suite on the IO_URING transport. */
class UringWsConformanceTest extends WsConformanceTest {
    @Override
    Transport transport() {
        return Transport.IO_URING;
    }
}
