package io.fasterapi.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;

import java.nio.charset.StandardCharsets;

/**
 * The TechEmpower plaintext and JSON tests on Vert.x 5 core, one verticle per event loop (one by default), on
 * the native epoll transport when it loads: {@code GET /plaintext} answers {@code Hello, World!},
 * {@code GET /json} answers {@code {"message":"Hello, World!"}} serialized by Jackson per request, both with
 * {@code Server}, a cached {@code Date} (refreshed once per second) and {@code Content-Length}; anything else is
 * a 404. Keep-alive and pipelining are Vert.x's own. Prints {@code READY ...} with the transport in use.
 *
 * <pre>java -cp fasterapi-bench.jar io.fasterapi.bench.http.VertxHttpServer 8080 [eventLoops]</pre>
 */
public final class VertxHttpServer {
    private VertxHttpServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: VertxHttpServer <port> [eventLoops]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new Hello(port), new DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get();
        // The transport Vert.x actually runs on (EpollTransport, NioTransport...), and why not native if not.
        String transport = "native=" + vertx.isNativeTransportEnabled() + " "
                + ((VertxInternal) vertx).transport().getClass().getSimpleName();
        if (!vertx.isNativeTransportEnabled() && vertx.unavailableNativeTransportCause() != null) {
            transport += " (" + vertx.unavailableNativeTransportCause() + ")";
        }
        System.out.println("READY vertx " + transport + " x" + loops + " on " + port);
    }

    /** One HTTP server per event loop; Vert.x spreads the accepted connections over them. */
    static final class Hello extends VerticleBase {
        private static final CharSequence SERVER = HttpHeaders.createOptimized("vertx");
        private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain");
        private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
        private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        private static final CharSequence HELLO_LENGTH = HttpHeaders.createOptimized(Integer.toString(HELLO.length));
        private static final CharSequence ZERO = HttpHeaders.createOptimized("0");
        private static final ObjectMapper JSON = new ObjectMapper();

        private final int port;
        /** Read and written on this verticle's event loop only. */
        private CharSequence date = HttpHeaders.createOptimized(HttpDate.now());

        Hello(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            vertx.setPeriodic(1000, id -> date = HttpHeaders.createOptimized(HttpDate.now()));
            HttpServerOptions options = new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setTcpNoDelay(true)
                    .setAcceptBacklog(8192);
            return vertx.createHttpServer(options).requestHandler(this::handle).listen();
        }

        private void handle(HttpServerRequest request) {
            HttpServerResponse response = request.response();
            MultiMap headers = response.headers();
            switch (request.path()) {
                case "/plaintext" -> {
                    headers.add(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
                            .add(HttpHeaders.SERVER, SERVER)
                            .add(HttpHeaders.DATE, date)
                            .add(HttpHeaders.CONTENT_LENGTH, HELLO_LENGTH);
                    response.end(Buffer.buffer(HELLO));
                }
                case "/json" -> {
                    byte[] body;
                    try {
                        body = JSON.writeValueAsBytes(new HelloMessage(HelloMessage.TEXT));
                    } catch (Exception e) {
                        response.setStatusCode(500).end();
                        return;
                    }
                    headers.add(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                            .add(HttpHeaders.SERVER, SERVER)
                            .add(HttpHeaders.DATE, date)
                            .add(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
                    response.end(Buffer.buffer(body));
                }
                default -> {
                    headers.add(HttpHeaders.SERVER, SERVER)
                            .add(HttpHeaders.DATE, date)
                            .add(HttpHeaders.CONTENT_LENGTH, ZERO);
                    response.setStatusCode(404).end();
                }
            }
        }
    }
}
