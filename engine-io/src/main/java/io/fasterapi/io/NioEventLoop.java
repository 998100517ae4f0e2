package io.fasterapi.io;

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
final class NioEventLoop extends EventLoop {
    private static final System.Logger LOG = System.getLogger(NioEventLoop.class.getName());
    /** Accepts per readiness event, so one busy listener cannot starve the loop. */
    private static final int ACCEPTS_PER_EVENT = 64;

    private Selector selector;
    private ByteBuffer readBuffer;
    private MemorySegment readSegment;
    private final ConnectionTable<NioConnection> table;
    private final Consumer<SelectionKey> dispatch = this::dispatch;

    NioEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
        this.table = new ConnectionTable<>(config.maxConnectionsPerLoop());
    }

    @Override
    public Transport transport() {
        return Transport.NIO;
    }

    @Override
    void init() throws IOException {
        selector = Selector.open();
        readBuffer = ByteBuffer.allocateDirect(config.receiveBufferBytes());
        readSegment = MemorySegment.ofBuffer(readBuffer);
    }

    @Override
    void poll(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0) {
            selector.selectNow(dispatch);
        } else if (timeoutNanos < 0) {
            selector.select(dispatch);
        } else {
            selector.select(dispatch, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        }
    }

    @Override
    void wakeup() {
        selector.wakeup();
    }

    @Override
    void cleanup() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Listener listener) {
                closeQuietly(key.channel());
                listener.closed.complete(null);
            }
        }
        closeQuietly(selector);
    }

    @Override
    void forEachConnection(Consumer<Connection> action) {
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
    Object openListener(SocketAddress address, LinuxSocket.PortSharing sharing) throws IOException {
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
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    SocketAddress listenerAddress(Object handle) throws IOException {
        return ((ServerSocketChannel) handle).getLocalAddress();
    }

    @Override
    void closeListenerHandle(Object handle) {
        closeQuietly((ServerSocketChannel) handle);
    }

    @Override
    void startAccepting(Listener listener) {
        if (listener.stopped) {
            return;
        }
        try {
            ((ServerSocketChannel) listener.handle).register(selector, SelectionKey.OP_ACCEPT, listener);
            listener.accepting = true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot register listener", e);
            stopAccepting(listener);
        }
    }

    @Override
    void stopAccepting(Listener listener) {
        listener.stopped = true;
        listener.accepting = false;
        ServerSocketChannel channel = (ServerSocketChannel) listener.handle;
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        listener.closed.complete(null);
    }

    private void acceptReady(Listener listener) {
        ServerSocketChannel server = (ServerSocketChannel) listener.handle;
        for (int i = 0; i < ACCEPTS_PER_EVENT && !listener.stopped; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener.server, e);
                return;
            }
            if (channel == null) {
                return;
            }
            EventLoop target = listener.loopForNewConnection();
            if (target == this) {
                adopt(channel, listener);
            } else {
                try {
                    target.execute(() -> target.adopt(channel, listener));
                } catch (RuntimeException e) {
                    closeQuietly(channel);
                }
            }
        }
    }

    @Override
    void adopt(Object acceptedSocket, Listener listener) {
        SocketChannel channel = (SocketChannel) acceptedSocket;
        ConnectionHandler handler;
        try {
            handler = listener.newHandler();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler factory failed; closing accepted connection", e);
            closeQuietly(channel);
            return;
        }
        boolean unix = listener.server.localAddress() instanceof UnixDomainSocketAddress;
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
    void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future) {
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

    // ---------------------------------------------------------------- connection

    /** A connection on the NIO backend. */
    static final class NioConnection extends Connection {
        /** At most this many buffers per gathering write. */
        private static final int MAX_GATHER = 64;

        final SocketChannel channel;
        final boolean unix;
        SelectionKey key;
        int slot = -1;
        private final NioEventLoop nio;
        private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
        CompletableFuture<Channel> connectFuture;
        SocketAddress connectAddress;
        Timer connectTimer;
        private boolean writeInterest;

        NioConnection(NioEventLoop loop, SocketChannel channel, ConnectionHandler handler, boolean unix) {
            super(loop, handler);
            this.nio = loop;
            this.channel = channel;
            this.unix = unix;
        }

        @Override
        public SocketAddress remoteAddress() {
            try {
                return channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public SocketAddress localAddress() {
            try {
                return channel.getLocalAddress();
            } catch (IOException e) {
                return null;
            }
        }

        void ready(int ops) {
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                finishConnect();
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                doFlush();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && key.isValid()) {
                read();
            }
        }

        private void read() {
            ByteBuffer buffer = nio.readBuffer;
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                failed(e);
                return;
            }
            if (n > 0) {
                received(nio.readSegment, 0, n);
            } else if (n < 0) {
                interest(SelectionKey.OP_READ, false);
                inputEnded();
            }
        }

        @Override
        void doFlush() {
            while (hasPendingOutput()) {
                int count = 0;
                for (IoBuffer b = outboundHead(); b != null && count < MAX_GATHER; b = b.next) {
                    ByteBuffer view = b.nioView();
                    view.limit(b.writerIndex()).position(b.readerIndex());
                    gather[count++] = view;
                }
                long n;
                try {
                    n = channel.write(gather, 0, count);
                } catch (IOException e) {
                    failed(e);
                    return;
                } finally {
                    java.util.Arrays.fill(gather, 0, count, null);
                }
                if (n > 0) {
                    sent(n);
                }
                if (n == 0 || !key.isValid()) {
                    break;
                }
            }
            if (key.isValid()) {
                interest(SelectionKey.OP_WRITE, hasPendingOutput());
            }
        }

        private void interest(int op, boolean on) {
            if (!key.isValid()) {
                return;
            }
            if (op == SelectionKey.OP_WRITE) {
                if (writeInterest == on) {
                    return;
                }
                writeInterest = on;
            }
            int ops = key.interestOps();
            int updated = on ? ops | op : ops & ~op;
            if (updated != ops) {
                key.interestOps(updated);
            }
        }

        @Override
        void doPauseReading() {
            interest(SelectionKey.OP_READ, false);
        }

        @Override
        void doResumeReading() {
            if (!isInputClosed()) {
                interest(SelectionKey.OP_READ, true);
            }
        }

        @Override
        void doShutdownOutput() {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                failed(e);
            }
        }

        @Override
        void doRelease(boolean reset) {
            if (connectTimer != null) {
                connectTimer.cancel();
            }
            if (reset && channel.isOpen() && !unix) {
                try {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException | UnsupportedOperationException ignored) {
                    // best effort: the socket may already be dead
                }
            }
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
            if (slot >= 0) {
                nio.table.remove(slot);
                slot = -1;
            }
            // Deliver onClose on a later task so a handler never hears it from inside its own callback.
            loop.execute(this::closed);
        }

        private void finishConnect() {
            try {
                if (channel.finishConnect()) {
                    connectDone();
                }
            } catch (IOException e) {
                connectFailed(e);
            }
        }

        void connectDone() {
            if (connectTimer != null) {
                connectTimer.cancel();
            }
            key.interestOps(SelectionKey.OP_READ);
            CompletableFuture<Channel> future = connectFuture;
            connectFuture = null;
            opened();
            future.complete(this);
        }

        void connectFailed(IOException cause) {
            CompletableFuture<Channel> future = connectFuture;
            if (future == null) {
                return;
            }
            connectFuture = null;
            IOException error = cause instanceof ConnectException ? cause
                    : (IOException) new ConnectException("connect to " + connectAddress + " failed: "
                    + cause.getMessage()).initCause(cause);
            future.completeExceptionally(error);
            failed(error);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to do: closing
        }
    }
}
