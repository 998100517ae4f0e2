package io.fasterapi.bench.ws;

import io.fasterapi.api.App;
import io.fasterapi.api.AppConfig;
import io.fasterapi.api.WebSocket;
import io.fasterapi.api.WebSocketListener;
import io.fasterapi.http.HeaderLine;
import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.http1.server.HttpServerConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.ws.codec.WsMessageType;
import io.fasterapi.ws.server.WebSocketHandler;
import io.fasterapi.ws.server.WebSocketSession;
import io.fasterapi.ws.server.WebSocketUpgrade;
import io.fasterapi.ws.server.WsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * WebSocket echo servers for the WebSocket benchmark, one event-loop thread each, all at {@code /echo}, all
 * with permessage-deflate offered (used when the client asks), UTF-8 validation of text, 16 MiB frame and
 * message limits, and one flush per read batch:
 * <ul>
 *   <li>{@code fasterapi-<transport>}: protocol-ws directly ({@link WebSocketHandler}, zero-copy receive);</li>
 *   <li>{@code fasterapi-api-<transport>}: the API's {@code app.websocket(...)} non-blocking route (a String or
 *       byte[] per message, as users of the API write it);</li>
 *   <li>{@code netty-<io_uring|epoll>}: Netty 4.2's {@code WebSocketServerProtocolHandler} with
 *       {@code WebSocketServerCompressionHandler}, echoing each frame object back (no copy).</li>
 * </ul>
 *
 * <pre>java -cp fasterapi-bench.jar io.fasterapi.bench.ws.WsEchoServers fasterapi-io_uring 7020</pre>
 */
public final class WsEchoServers {
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private WsEchoServers() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: WsEchoServers <fasterapi-T|fasterapi-api-T|netty-io_uring|netty-epoll> <port>"
                    + " (T: io_uring, epoll, nio)");
            System.exit(2);
        }
        String impl = args[0];
        int port = Integer.parseInt(args[1]);
        if (impl.startsWith("fasterapi-api-")) {
            api(Transport.parse(impl.substring("fasterapi-api-".length())), port);
        } else if (impl.startsWith("fasterapi-")) {
            fasterapi(Transport.parse(impl.substring("fasterapi-".length())), port);
        } else {
            switch (impl) {
                case "netty-io_uring" -> netty(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, port);
                case "netty-epoll" -> netty(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, port);
                default -> throw new IllegalArgumentException("unknown server " + impl);
            }
        }
    }

    private static void fasterapi(Transport transport, int port) throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(1).build())) {
            bindFasterapi(group, port);
            System.out.println("READY fasterapi protocol-ws " + transport.id() + " on " + port);
            new CountDownLatch(1).await();
        }
    }

    /** The protocol-ws echo server at {@code /echo} on {@code group} (port 0 picks one). */
    static HttpServer bindFasterapi(EventLoopGroup group, int port) throws java.io.IOException {
        WsConfig config = WsConfig.defaults();
        byte[] notFound = "not found".getBytes(StandardCharsets.US_ASCII);
        return HttpServer.bind(group, new InetSocketAddress("127.0.0.1", port), HttpServerConfig.defaults(), exchange -> {
            if (!exchange.head().path().equals("/echo")) {
                exchange.respond(404, HeaderLine.TEXT_PLAIN, notFound);
                return;
            }
            WebSocketUpgrade.Handshake handshake = WebSocketUpgrade.check(exchange, config);
            if (handshake != null) {
                WebSocketUpgrade.accept(exchange, handshake, config, null, ECHO);
            }
        });
    }

    /** Echo straight from the receive buffer (stateless: one instance serves every session). */
    private static final WebSocketHandler ECHO = new WebSocketHandler() {
        @Override
        public void onMessage(WebSocketSession session, WsMessageType type, MemorySegment data, long offset,
                              int length) {
            switch (type) {
                case TEXT -> session.sendText(data, offset, length);
                case BINARY -> session.sendBinary(data, offset, length);
            }
        }
    };

    private static void api(Transport transport, int port) {
        App app = App.create(AppConfig.defaults().withHost("127.0.0.1")
                .withEngine(EngineConfig.builder().transport(transport).eventLoops(1).build()));
        app.websocket("/echo", request -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onBinary(WebSocket ws, byte[] data) {
                ws.sendBinary(data);
            }
        }).nonBlocking();
        app.start(port);
        System.out.println("READY fasterapi api " + transport.id() + " on " + port);
    }

    private static void netty(IoHandlerFactory factory, Class<? extends ServerChannel> channel, int port)
            throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/echo")
                .handleCloseFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(MAX_BYTES).allowExtensions(true).withUTF8Validator(true).build())
                .build();
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(65536))
                                    .addLast(new WebSocketServerCompressionHandler(MAX_BYTES))
                                    .addLast(new WebSocketServerProtocolHandler(protocol))
                                    .addLast(new NettyEcho());
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("READY netty " + channel.getSimpleName() + " on " + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Writes each data frame back (the same object, retained); flushes once per read batch. */
    static final class NettyEcho extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                ctx.write(frame.retain(), ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
