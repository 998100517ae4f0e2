package io.fasterapi.io.nio;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.socket.AcceptedSocket;
import io.fasterapi.io.socket.ConnectionTable;
import io.fasterapi.io.socket.Listener;
import io.fasterapi.io.socket.ListenerHandle;
import io.fasterapi.io.socket.SocketConnection;
import io.fasterapi.io.socket.SocketEventLoop;
import io.fasterapi.linux.LinuxSocket;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The portable backend: a {@link Selector}, level-triggered, reading into one direct buffer per loop and
 * writing with gathering {@code write(ByteBuffer[])}. Used where neither io_uring nor epoll can run.
 */
public final class NioEventLoop extends SocketEventLoop {
    private static final System.Logger LOG = System.getLogger(NioEventLoop.class.getName());
    /** Accepts per readiness event, so one busy listener cannot starve the loop. */
    private static final int ACCEPTS_PER_EVENT = 64;

    Selector selector;
    ByteBuffer readBuffer;
    MemorySegment readSegment;
    final ConnectionTable<NioConnection> table;
    private final Consumer<SelectionKey> dispatch = this::dispatch;

    public NioEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
        this.table = new ConnectionTable<>(config.maxConnectionsPerLoop());
    }

    @Override
    public Transport transport() {
        return Transport.NIO;
    }

    @Override
    protected void init() throws IOException {
        selector = Selector.open();
        readBuffer = ByteBuffer.allocateDirect(config.receiveBufferBytes());
        readSegment = MemorySegment.ofBuffer(readBuffer);
    }

    @Override
    protected void poll(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0) {
            selector.selectNow(dispatch);
        } else if (timeoutNanos < 0) {
            selector.select(dispatch);
        } else {
            selector.select(dispatch, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        }
    }

    @Override
    protected void wakeup() {
        selector.wakeup();
    }

    @Override
    protected void cleanup() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Listener listener) {
                closeQuietly(key.channel());
                listener.closed().complete(null);
            }
        }
        closeQuietly(selector);
    }

    @Override
    protected void forEachConnection(Consumer<SocketConnection> action) {
        table.forEach(action);
    }

    private void dispatch(SelectionKey key) {
        Object attachment = key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (attachment instanceof NioConnection c) {
            c.ready(key.readyOps());
        } else if (attachment instanceof Listener listener) {
            acceptReady(listener);
        }
    }

    // ---------------------------------------------------------------- accepting

    @Override
    protected ListenerHandle openListener(SocketAddress address, LinuxSocket.PortSharing sharing) throws IOException {
        ServerSocketChannel channel;
        boolean inet = !(address instanceof UnixDomainSocketAddress);
        if (!inet) {
            Files.deleteIfExists(Path.of(((UnixDomainSocketAddress) address).getPath().toString()));
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (sharing == LinuxSocket.PortSharing.JOIN) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
        }
        try {
            try {
                channel.bind(address, config.listenBacklog());
            } catch (java.net.BindException e) {
                throw inet ? LinuxSocket.addressInUse(address) : e;
            }
            if (inet && sharing == LinuxSocket.PortSharing.LEAD
                    && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                // After listen, as on the native backends: a port another process holds was refused above.
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.configureBlocking(false);
            return new ListenerHandle.Nio(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    protected SocketAddress listenerAddress(ListenerHandle handle) throws IOException {
        return ((ListenerHandle.Nio) handle).channel().getLocalAddress();
    }

    @Override
    protected void closeListenerHandle(ListenerHandle handle) {
        closeQuietly(((ListenerHandle.Nio) handle).channel());
    }

    @Override
    protected void startAccepting(Listener listener) {
        if (listener.stopped) {
            return;
        }
        try {
            ((ListenerHandle.Nio) listener.handle()).channel().register(selector, SelectionKey.OP_ACCEPT, listener);
            listener.accepting = true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot register listener", e);
            stopAccepting(listener);
        }
    }

    @Override
    protected void stopAccepting(Listener listener) {
        listener.stopped = true;
        listener.accepting = false;
        ServerSocketChannel channel = ((ListenerHandle.Nio) listener.handle()).channel();
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        listener.closed().complete(null);
    }

    private void acceptReady(Listener listener) {
        ServerSocketChannel server = ((ListenerHandle.Nio) listener.handle()).channel();
        for (int i = 0; i < ACCEPTS_PER_EVENT && !listener.stopped; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener, e);
                return;
            }
            if (channel == null) {
                return;
            }
            EventLoop target = listener.loopForNewConnection();
            if (target == this) {
                adoptChannel(channel, listener);
            } else {
                NioEventLoop owner = (NioEventLoop) target;
                try {
                    owner.execute(() -> owner.adoptChannel(channel, listener));
                } catch (RuntimeException e) {
                    closeQuietly(channel);
                }
            }
        }
    }

    @Override
    protected void adopt(AcceptedSocket socket, Listener listener) {
        adoptChannel(((AcceptedSocket.Nio) socket).channel(), listener);
    }

    private void adoptChannel(SocketChannel channel, Listener listener) {
        ConnectionHandler handler;
        try {
            handler = listener.newHandler();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler factory failed; closing accepted connection", e);
            closeQuietly(channel);
            return;
        }
        boolean unix = listener.isUnixDomain();
        NioConnection c = new NioConnection(this, channel, handler, unix);
        if (!register(c, SelectionKey.OP_READ)) {
            return;
        }
        c.opened();
    }

    /** Configures and registers a connection; on failure closes its channel and returns false. */
    private boolean register(NioConnection c, int ops) {
        try {
            c.channel.configureBlocking(false);
            if (!c.unix) {
                c.channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
                c.channel.setOption(StandardSocketOptions.SO_KEEPALIVE, config.keepAlive());
            }
            if (config.socketReceiveBufferBytes() > 0) {
                c.channel.setOption(StandardSocketOptions.SO_RCVBUF, config.socketReceiveBufferBytes());
            }
            if (config.socketSendBufferBytes() > 0) {
                c.channel.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBufferBytes());
            }
            c.slot = table.add(c);
            if (c.slot < 0) {
                LOG.log(System.Logger.Level.WARNING, "loop " + index() + " is at maxConnectionsPerLoop ("
                        + config.maxConnectionsPerLoop() + "); refusing a connection");
                closeQuietly(c.channel);
                return false;
            }
            c.key = c.channel.register(selector, ops, c);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot register connection", e);
            if (c.slot >= 0) {
                table.remove(c.slot);
            }
            closeQuietly(c.channel);
            return false;
        }
    }

    // ---------------------------------------------------------------- connecting

    @Override
    protected void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future) {
        SocketChannel channel;
        try {
            ProtocolFamily family = address instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX
                    : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            channel = SocketChannel.open(family);
        } catch (IOException e) {
            future.completeExceptionally(e);
            return;
        }
        NioConnection c = new NioConnection(this, channel, handler, address instanceof UnixDomainSocketAddress);
        c.connectFuture = future;
        c.connectAddress = address;
        if (!register(c, 0)) {
            future.completeExceptionally(new IOException("cannot register connection to " + address));
            return;
        }
        try {
            if (channel.connect(address)) {
                c.connectDone();
            } else {
                c.key.interestOps(SelectionKey.OP_CONNECT);
                c.connectTimer = schedule(() -> c.connectFailed(new ConnectException("connect to " + address
                        + " timed out after " + config.connectTimeoutMillis() + " ms")),
                        config.connectTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            c.connectFailed(e);
        }
    }


    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to do: closing
        }
    }
}
