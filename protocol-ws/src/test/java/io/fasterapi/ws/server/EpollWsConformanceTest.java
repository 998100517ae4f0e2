package io.fasterapi.ws.server;

import io.fasterapi.io.Transport;

/** The WebSocket conformance suite on the EPOLL transport. */
class EpollWsConformanceTest extends WsConformanceTest {
    @Override
    Transport transport() {
        return Transport.EPOLL;
    }
}
