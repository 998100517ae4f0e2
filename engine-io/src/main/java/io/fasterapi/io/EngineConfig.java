package io.fasterapi.io;

/**
 * Engine settings. Every limit has a unit in its name and a default ({@link #defaults()}); build changes with
 * {@link #builder()}.
 *
 * @param eventLoops             loop threads; default: available processors
 * @param transport              backend, or {@code null} to choose automatically (see {@link Transport#select})
 * @param acceptMode             how servers accept; default {@link AcceptMode#REUSE_PORT}
 * @param listenBacklog          {@code listen(2)} backlog; default 4096
 * @param tcpNoDelay             disable Nagle on accepted and connected sockets; default true
 * @param keepAlive              {@code SO_KEEPALIVE} on accepted and connected TCP sockets; default false
 * @param socketReceiveBufferBytes {@code SO_RCVBUF}, or 0 for the kernel's autotuning; default 0
 * @param socketSendBufferBytes  {@code SO_SNDBUF}, or 0 for the kernel's autotuning; default 0
 * @param receiveBufferBytes     io_uring: size of each provided receive buffer; epoll/NIO: the loop's shared
 *                               read buffer; default 16 KiB
 * @param receiveBufferCount     io_uring: provided buffers per loop (power of two); default 256
 * @param outboundChunkBytes     size of the buffers writes are gathered into; default 16 KiB
 * @param writeHighWaterMarkBytes pending output above which a connection reports not writable; default 64 KiB
 * @param writeLowWaterMarkBytes  pending output below which it is writable again; default 32 KiB
 * @param maxPendingInboundBytes unconsumed input a handler may leave buffered before the connection is
 *                               closed as misbehaving; default 16 MiB
 * @param maxPooledBytesPerLoop  slab memory each loop's buffer pool may hold; default 64 MiB
 * @param submissionQueueEntries io_uring SQ size; default 1024
 * @param completionQueueEntries io_uring CQ size (multishot operations post many CQEs per SQE, so keep it
 *                               well above the SQ); default 16384
 * @param maxConnectionsPerLoop  connections one loop accepts before refusing more; default 100,000
 * @param connectTimeoutMillis   outbound connect deadline; default 10,000 ms
 * @param lingerTimeoutMillis    after a graceful close sends FIN, how long to drain the peer's input before
 *                               closing anyway; default 2,000 ms
 * @param closeDrainTimeoutMillis after a graceful close, how long pending output may go without the peer
 *                               taking any of it before the connection is aborted (a peer that stopped
 *                               reading cannot keep a socket forever); default 30,000 ms
 */
public record EngineConfig(
        int eventLoops,
        Transport transport,
        AcceptMode acceptMode,
        int listenBacklog,
        boolean tcpNoDelay,
        boolean keepAlive,
        int socketReceiveBufferBytes,
        int socketSendBufferBytes,
        int receiveBufferBytes,
        int receiveBufferCount,
        int outboundChunkBytes,
        int writeHighWaterMarkBytes,
        int writeLowWaterMarkBytes,
        int maxPendingInboundBytes,
        long maxPooledBytesPerLoop,
        int submissionQueueEntries,
        int completionQueueEntries,
        int maxConnectionsPerLoop,
        long connectTimeoutMillis,
        long lingerTimeoutMillis,
        long closeDrainTimeoutMillis) {

    /** How a server spreads new connections over loops. */
    public enum AcceptMode {
        /** One listening socket per loop with {@code SO_REUSEPORT}: the kernel spreads connections by hash. */
        REUSE_PORT,
        /** One listening socket on loop 0, which hands connections to the loops in turn. */
        SINGLE_ACCEPTOR
    }

    public EngineConfig {
        positive("eventLoops", eventLoops);
        if (acceptMode == null) {
            throw new IllegalArgumentException("acceptMode must not be null");
        }
        positive("listenBacklog", listenBacklog);
        if (socketReceiveBufferBytes < 0 || socketSendBufferBytes < 0) {
            throw new IllegalArgumentException("socketReceiveBufferBytes and socketSendBufferBytes must be >= 0");
        }
        positive("receiveBufferBytes", receiveBufferBytes);
        if (receiveBufferCount <= 0 || Integer.bitCount(receiveBufferCount) != 1 || receiveBufferCount > 32768) {
            throw new IllegalArgumentException("receiveBufferCount must be a power of two in [1, 32768]: "
                    + receiveBufferCount);
        }
        positive("outboundChunkBytes", outboundChunkBytes);
        positive("writeHighWaterMarkBytes", writeHighWaterMarkBytes);
        if (writeLowWaterMarkBytes < 0 || writeLowWaterMarkBytes > writeHighWaterMarkBytes) {
            throw new IllegalArgumentException("writeLowWaterMarkBytes must be in [0, writeHighWaterMarkBytes]: "
                    + writeLowWaterMarkBytes);
        }
        positive("maxPendingInboundBytes", maxPendingInboundBytes);
        if (maxPooledBytesPerLoop < 0) {
            throw new IllegalArgumentException("maxPooledBytesPerLoop must be >= 0: " + maxPooledBytesPerLoop);
        }
        positive("submissionQueueEntries", submissionQueueEntries);
        if (completionQueueEntries < submissionQueueEntries) {
            throw new IllegalArgumentException("completionQueueEntries must be >= submissionQueueEntries");
        }
        positive("maxConnectionsPerLoop", maxConnectionsPerLoop);
        if (connectTimeoutMillis <= 0 || lingerTimeoutMillis < 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be > 0 and lingerTimeoutMillis >= 0");
        }
        positive("closeDrainTimeoutMillis", closeDrainTimeoutMillis);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    /** The defaults listed above. */
    public static EngineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.eventLoops = eventLoops;
        b.transport = transport;
        b.acceptMode = acceptMode;
        b.listenBacklog = listenBacklog;
        b.tcpNoDelay = tcpNoDelay;
        b.keepAlive = keepAlive;
        b.socketReceiveBufferBytes = socketReceiveBufferBytes;
        b.socketSendBufferBytes = socketSendBufferBytes;
        b.receiveBufferBytes = receiveBufferBytes;
        b.receiveBufferCount = receiveBufferCount;
        b.outboundChunkBytes = outboundChunkBytes;
        b.writeHighWaterMarkBytes = writeHighWaterMarkBytes;
        b.writeLowWaterMarkBytes = writeLowWaterMarkBytes;
        b.maxPendingInboundBytes = maxPendingInboundBytes;
        b.maxPooledBytesPerLoop = maxPooledBytesPerLoop;
        b.submissionQueueEntries = submissionQueueEntries;
        b.completionQueueEntries = completionQueueEntries;
        b.maxConnectionsPerLoop = maxConnectionsPerLoop;
        b.connectTimeoutMillis = connectTimeoutMillis;
        b.lingerTimeoutMillis = lingerTimeoutMillis;
        b.closeDrainTimeoutMillis = closeDrainTimeoutMillis;
        return b;
    }

    /** Builds an {@link EngineConfig}; unset values keep their defaults. */
    public static final class Builder {
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private Transport transport;
        private AcceptMode acceptMode = AcceptMode.REUSE_PORT;
        private int listenBacklog = 4096;
        private boolean tcpNoDelay = true;
        private boolean keepAlive;
        private int socketReceiveBufferBytes;
        private int socketSendBufferBytes;
        private int receiveBufferBytes = 16 * 1024;
        private int receiveBufferCount = 256;
        private int outboundChunkBytes = 16 * 1024;
        private int writeHighWaterMarkBytes = 64 * 1024;
        private int writeLowWaterMarkBytes = 32 * 1024;
        private int maxPendingInboundBytes = 16 * 1024 * 1024;
        private long maxPooledBytesPerLoop = 64L * 1024 * 1024;
        private int submissionQueueEntries = 1024;
        private int completionQueueEntries = 16384;
        private int maxConnectionsPerLoop = 100_000;
        private long connectTimeoutMillis = 10_000;
        private long lingerTimeoutMillis = 2_000;
        private long closeDrainTimeoutMillis = 30_000;

        private Builder() {}

        public Builder eventLoops(int value) { eventLoops = value; return this; }
        public Builder transport(Transport value) { transport = value; return this; }
        public Builder acceptMode(AcceptMode value) { acceptMode = value; return this; }
        public Builder listenBacklog(int value) { listenBacklog = value; return this; }
        public Builder tcpNoDelay(boolean value) { tcpNoDelay = value; return this; }
        public Builder keepAlive(boolean value) { keepAlive = value; return this; }
        public Builder socketReceiveBufferBytes(int value) { socketReceiveBufferBytes = value; return this; }
        public Builder socketSendBufferBytes(int value) { socketSendBufferBytes = value; return this; }
        public Builder receiveBufferBytes(int value) { receiveBufferBytes = value; return this; }
        public Builder receiveBufferCount(int value) { receiveBufferCount = value; return this; }
        public Builder outboundChunkBytes(int value) { outboundChunkBytes = value; return this; }
        public Builder writeHighWaterMarkBytes(int value) { writeHighWaterMarkBytes = value; return this; }
        public Builder writeLowWaterMarkBytes(int value) { writeLowWaterMarkBytes = value; return this; }
        public Builder maxPendingInboundBytes(int value) { maxPendingInboundBytes = value; return this; }
        public Builder maxPooledBytesPerLoop(long value) { maxPooledBytesPerLoop = value; return this; }
        public Builder submissionQueueEntries(int value) { submissionQueueEntries = value; return this; }
        public Builder completionQueueEntries(int value) { completionQueueEntries = value; return this; }
        public Builder maxConnectionsPerLoop(int value) { maxConnectionsPerLoop = value; return this; }
        public Builder connectTimeoutMillis(long value) { connectTimeoutMillis = value; return this; }
        public Builder lingerTimeoutMillis(long value) { lingerTimeoutMillis = value; return this; }
        public Builder closeDrainTimeoutMillis(long value) { closeDrainTimeoutMillis = value; return this; }

        public EngineConfig build() {
            return new EngineConfig(eventLoops, transport, acceptMode, listenBacklog, tcpNoDelay, keepAlive,
                    socketReceiveBufferBytes, socketSendBufferBytes, receiveBufferBytes,
                    receiveBufferCount, outboundChunkBytes, writeHighWaterMarkBytes, writeLowWaterMarkBytes,
                    maxPendingInboundBytes, maxPooledBytesPerLoop, submissionQueueEntries, completionQueueEntries,
                    maxConnectionsPerLoop, connectTimeoutMillis, lingerTimeoutMillis, closeDrainTimeoutMillis);
        }
    }
}
