package io.fasterapi.ws.server;

import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.http1.server.HttpServerConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop with independent WebSocket clients: the npm {@code ws} package (src/test/node, installed by
 * .ci/run with {@code npm ci}) and Python's {@code websockets} (Debian's python3-websockets), with and without
 * permessage-deflate, on every transport. Each client checks echoes of text, Unicode, empty, large and
 * binary messages, a fragmented message, ping/pong and the close handshake.
 *
 * <p>A missing client skips its cases, unless {@code FASTERAPI_TEST_REQUIRE_PEERS=1} (set by .ci/run) makes
 * that a failure.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WsInteropTest {
    private static final File NODE_DIR = new File("src/test/node");
    private static final File PYTHON_SCRIPT = new File("src/test/python/interop.py");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (String client : List.of("node-ws", "python-websockets")) {
                for (String mode : List.of("plain", "deflate")) {
                    cases.add(Arguments.of(transport, client, mode));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {2} on {0}")
    @MethodSource("cases")
    void independentClientsEchoThroughOurServer(Transport transport, String client, String mode) throws Exception {
        Throwable cause = transport.unavailabilityCause();
        require(cause == null, transport + " unavailable: " + (cause == null ? "" : cause.getMessage()));
        List<String> command = switch (client) {
            case "node-ws" -> {
                require(new File(NODE_DIR, "node_modules/ws").isDirectory() && available("node", "--version"),
                        "node or the ws package is missing (cd protocol-ws/src/test/node && npm ci)");
                yield List.of("node", "interop.mjs");
            }
            case "python-websockets" -> {
                require(available(python(), "-c", "import websockets"),
                        "python3 with websockets is missing (apt-get install python3-websockets)");
                yield List.of(python(), PYTHON_SCRIPT.getAbsolutePath());
            }
            default -> throw new IllegalArgumentException(client);
        };
        EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(2).build());
        try {
            WsConfig config = WsConfig.defaults().withCompression(true);
            HttpServer server = HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    HttpServerConfig.defaults(), exchange -> {
                        WebSocketUpgrade.Handshake handshake = WebSocketUpgrade.check(exchange, config);
                        if (handshake != null) {
                            WebSocketUpgrade.accept(exchange, handshake, config, null, new WsConformanceTest.Echo());
                        }
                    });
            List<String> full = new ArrayList<>(command);
            full.add("ws://127.0.0.1:" + server.port() + "/echo");
            full.add(mode);
            Process p = new ProcessBuilder(full).directory(NODE_DIR).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client did not finish: " + out);
            assertEquals(0, p.exitValue(), client + " failed:\n" + out);
            assertTrue(out.contains("ok close 1000"), out);
            assertTrue(out.contains("ok binary 1 MiB") && out.contains("ok fragmented") && out.contains("ok ping/pong"), out);
        } finally {
            group.close();
        }
    }

    /** Debian's interpreter, where python3-websockets lives (a pyenv shim on PATH may not have it). */
    private static String python() {
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }

    private static boolean available(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void require(boolean condition, String why) {
        if (!condition && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError(why);
        }
        Assumptions.assumeTrue(condition, why);
    }
}
