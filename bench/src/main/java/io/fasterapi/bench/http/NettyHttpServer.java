package io.fasterapi.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * The TechEmpower plaintext and JSON tests on Netty 4.2 ({@code HttpServerCodec}), one event loop by default:
 * {@code GET /plaintext} answers {@code Hello, World!}, {@code GET /json} answers {@code {"message":"Hello, World!"}}
 * serialized by Jackson per request, both with {@code Server}, a cached {@code Date} (refreshed once per second)
 * and {@code Content-Length}; anything else is a 404. Keep-alive and pipelining (responses in order); responses
 * are written as requests are read and flushed once per read batch. Prints {@code READY ...} once listening.
 *
 * <pre>java -cp fasterapi-bench.jar io.fasterapi.bench.http.NettyHttpServer io_uring 8080 [eventLoops]</pre>
 */
public final class NettyHttpServer {
    private static final AsciiString SERVER = AsciiString.cached("netty");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final AsciiString HELLO_LENGTH = AsciiString.cached(Integer.toString(HELLO.length));
    private static final AsciiString ZERO = AsciiString.cached("0");
    /** No header validation, as in the TechEmpower entry (requests come from wrk; responses are built here). */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setHeadersFactory(HEADERS).setTrailersFactory(HEADERS);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Date header value, replaced once per second on an event loop. */
    private static volatile AsciiString date = new AsciiString(HttpDate.now());

    private NettyHttpServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: NettyHttpServer <io_uring|epoll> <port> [eventLoops]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        switch (args[0]) {
            case "io_uring" -> serve(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, port, loops);
            case "epoll" -> serve(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, port, loops);
            default -> throw new IllegalArgumentException("unknown transport " + args[0]);
        }
    }

    private static void serve(IoHandlerFactory factory, Class<? extends ServerChannel> channel, int port, int loops)
            throws Exception {
        // TLS_CERT_FILE/TLS_KEY_FILE: HTTPS through Netty's OpenSSL provider (netty-tcnative, BoringSSL), or the
        // JDK's SSLEngine with NETTY_SSL_PROVIDER=JDK.
        String cert = System.getenv("TLS_CERT_FILE");
        String key = System.getenv("TLS_KEY_FILE");
        io.netty.handler.ssl.SslContext ssl = cert == null || key == null ? null
                : io.netty.handler.ssl.SslContextBuilder.forServer(new java.io.File(cert), new java.io.File(key))
                        .sslProvider(io.netty.handler.ssl.SslProvider.valueOf(
                                System.getenv().getOrDefault("NETTY_SSL_PROVIDER", "OPENSSL")))
                        .build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, factory);
        try {
            group.next().scheduleAtFixedRate(() -> date = new AsciiString(HttpDate.now()), 1, 1, TimeUnit.SECONDS);
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(DECODER)).addLast(new HelloHandler());
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("READY netty " + channel.getSimpleName() + " x" + loops + " on " + port
                    + (ssl == null ? "" : " (TLS, " + io.netty.handler.ssl.SslProvider.valueOf(
                            System.getenv().getOrDefault("NETTY_SSL_PROVIDER", "OPENSSL")) + ")"));
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Answers each request as it is decoded; flushes once the read batch is done. */
    static final class HelloHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                if (msg instanceof HttpRequest request) {
                    FullHttpResponse response = switch (request.uri()) {
                        case "/plaintext" -> response(TEXT_PLAIN, Unpooled.wrappedBuffer(HELLO), HELLO_LENGTH);
                        case "/json" -> {
                            byte[] body = JSON.writeValueAsBytes(new HelloMessage(HelloMessage.TEXT));
                            yield response(APPLICATION_JSON, Unpooled.wrappedBuffer(body),
                                    AsciiString.of(Integer.toString(body.length)));
                        }
                        default -> notFound();
                    };
                    if (HttpUtil.isKeepAlive(request)) {
                        ctx.write(response, ctx.voidPromise());
                    } else {
                        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    }
                }
                // The LastHttpContent that ends each bodiless request needs nothing but its release.
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static FullHttpResponse response(AsciiString contentType, ByteBuf body, AsciiString length) {
            HttpHeaders headers = HEADERS.newHeaders()
                    .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.SERVER, SERVER)
                    .set(HttpHeaderNames.DATE, date)
                    .set(HttpHeaderNames.CONTENT_LENGTH, length);
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body, headers,
                    HEADERS.newEmptyHeaders());
        }

        private static FullHttpResponse notFound() {
            HttpHeaders headers = HEADERS.newHeaders()
                    .set(HttpHeaderNames.SERVER, SERVER)
                    .set(HttpHeaderNames.DATE, date)
                    .set(HttpHeaderNames.CONTENT_LENGTH, ZERO);
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                    Unpooled.EMPTY_BUFFER, headers, HEADERS.newEmptyHeaders());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
