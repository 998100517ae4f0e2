package io.fasterapi.bench.echo;

import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Echo servers for the echo benchmark, one event-loop thread each: FasterAPI on each of its transports and
 * Netty 4.2 on its io_uring and epoll transports, doing the same thing (echo every byte back, one flush per
 * read batch).
 *
 * <pre>java -cp fasterapi-bench.jar io.fasterapi.bench.echo.EchoServers fasterapi-io_uring 7000</pre>
 */
public final class EchoServers {
    private EchoServers() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EchoServers <fasterapi-io_uring|fasterapi-epoll|fasterapi-nio|netty-io_uring|netty-epoll>"
                    + "[+acceptor] <port> [loops]");
            System.exit(2);
        }
        String impl = args[0];
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        EngineConfig.AcceptMode mode = EngineConfig.AcceptMode.REUSE_PORT;
        if (impl.endsWith("+acceptor")) {
            impl = impl.substring(0, impl.length() - "+acceptor".length());
            mode = EngineConfig.AcceptMode.SINGLE_ACCEPTOR;
        }
        switch (impl) {
            case "fasterapi-io_uring" -> fasterapi(Transport.IO_URING, port, loops, mode);
            case "fasterapi-epoll" -> fasterapi(Transport.EPOLL, port, loops, mode);
            case "fasterapi-nio" -> fasterapi(Transport.NIO, port, loops, mode);
            case "netty-io_uring" -> netty(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, port);
            case "netty-epoll" -> netty(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, port);
            default -> throw new IllegalArgumentException("unknown server " + impl);
        }
    }

    private static void fasterapi(Transport transport, int port, int loops, EngineConfig.AcceptMode mode)
            throws Exception {
        EngineConfig config = EngineConfig.builder().transport(transport).eventLoops(loops).acceptMode(mode).build();
        try (EventLoopGroup group = EventLoopGroup.create(config)) {
            group.bind(new InetSocketAddress("127.0.0.1", port), Echo::new);
            System.out.println("READY fasterapi " + transport.id() + " " + mode + " x" + loops + " on " + port);
            new CountDownLatch(1).await();
        }
    }

    /** FasterAPI echo: copy input to output, flush at the end of the loop turn, pause while not writable. */
    static final class Echo implements ConnectionHandler {
        @Override
        public int onRead(io.fasterapi.io.Channel c, MemorySegment data, long offset, int length) {
            c.write(data, offset, length);
            c.flush();
            if (!c.isWritable()) {
                c.pauseReading();
            }
            return length;
        }

        @Override
        public void onWritable(io.fasterapi.io.Channel c) {
            c.resumeReading();
        }
    }

    private static void netty(IoHandlerFactory factory, Class<? extends ServerChannel> channel, int port)
            throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            ChannelHandler echo = new NettyEcho();
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(echo);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("READY netty " + channel.getSimpleName() + " on " + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Netty's canonical echo: write each read, flush once per read batch. */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
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
