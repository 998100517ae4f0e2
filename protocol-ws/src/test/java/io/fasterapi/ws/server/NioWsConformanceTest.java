package io.fasterapi.ws.server;

import io.fasterapi.io.Transport;

/** The WebSocket conformance suite on the NIO transport. */
class NioWsConformanceTest extends WsConformanceTest {
    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
