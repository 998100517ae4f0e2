package io.fasterapi.io.nio;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;
import io.fasterapi.io.socket.SocketConnection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/** A connection on the NIO backend. */
final class NioConnection extends SocketConnection {
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
    protected void doFlush() {
        while (hasPendingOutput()) {
            int count = 0;
            for (IoBuffer b = outboundHead(); b != null && count < MAX_GATHER; b = b.next()) {
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
    protected void doPauseReading() {
        interest(SelectionKey.OP_READ, false);
    }

    @Override
    protected void doResumeReading() {
        if (!isInputClosed()) {
            interest(SelectionKey.OP_READ, true);
        }
    }

    @Override
    protected void doShutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    protected void doRelease(boolean reset) {
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
        NioEventLoop.closeQuietly(channel);
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
