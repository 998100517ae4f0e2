package io.fasterapi.api;

import io.fasterapi.io.EventLoop;
import io.fasterapi.ws.codec.WsCloseCodes;
import io.fasterapi.ws.codec.WsMessageType;
import io.fasterapi.ws.server.WebSocketHandler;
import io.fasterapi.ws.server.WebSocketSession;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket session of a route, as its {@link WebSocketListener} sees it. Thread-safe: send and close
 * from any thread (the work hops to the connection's event loop).
 *
 * <p>Back-pressure: each send returns a stage that completes once the connection's pending output is below
 * its high water mark again (at once in the usual case, without allocating). A producer that waits for it
 * never queues more than about one high water mark; one that does not wait can fill memory. Sends after
 * the session closed fail their stage with an {@link IOException}.
 */
public final class WebSocket {
    private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());
    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);
    /** Messages waiting for a blocking listener before the session stops reading. */
    static final int MAX_QUEUED_MESSAGES = 64;
    private static final int RESUME_BELOW_MESSAGES = 16;

    private final Request request;
    private final EventLoop loop;
    private final WebSocketListener listener;
    /** Runs the listener's callbacks in order: the loop itself (null) or a per-session serial executor. */
    private final SerialExecutor callbacks;
    /** Runs once the session is over, with its close code (the route's dependency clean-ups). */
    private final java.util.function.IntConsumer onEnd;
    private final Handler handler = new Handler();
    private volatile WebSocketSession session;
    private volatile boolean open;
    /** The session opened (set on the loop during the upgrade). */
    private boolean started;
    /** Loop only: sends waiting for the output to drain. */
    private ArrayDeque<CompletableFuture<Void>> waitingForDrain;

    WebSocket(Request request, EventLoop loop, WebSocketListener listener, Executor blocking,
              java.util.function.IntConsumer onEnd) {
        this.request = request;
        this.loop = loop;
        this.listener = listener;
        this.callbacks = blocking == null ? null : new SerialExecutor(blocking);
        this.onEnd = onEnd;
    }

    /** What the protocol layer calls. */
    WebSocketHandler handler() {
        return handler;
    }

    /** Whether the session opened (loop thread). */
    boolean started() {
        return started;
    }

    // ---------------------------------------------------------------- API

    /** The handshake request (path and query parameters, headers). */
    public Request request() {
        return request;
    }

    /** Whether messages may still be sent (no close frame sent or received). */
    public boolean isOpen() {
        return open;
    }

    /** The subprotocol agreed in the handshake, or null. */
    public String subprotocol() {
        WebSocketSession s = session;
        return s == null ? null : s.subprotocol();
    }

    public SocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    /** Sends a text message; see the class comment for the returned stage. */
    public CompletionStage<Void> sendText(String text) {
        return send(WsMessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message; {@code data} is copied before this returns when called on the loop, else later. */
    public CompletionStage<Void> sendBinary(byte[] data) {
        return send(WsMessageType.BINARY, data);
    }

    /** Starts the close handshake; the listener hears {@link WebSocketListener#onClose} once it is done. */
    public void close(int code, String reason) {
        if (!WsCloseCodes.isValidOnTheWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (loop.inEventLoop()) {
            WebSocketSession s = session;
            if (s != null) {
                s.close(code, reason);
                open = false;
            }
        } else {
            execute(() -> close(code, reason));
        }
    }

    /** Closes normally (1000). */
    public void close() {
        close(WsCloseCodes.NORMAL, "");
    }

    @Override
    public String toString() {
        return "WebSocket " + request.path() + " from " + request.remoteAddress();
    }

    private CompletionStage<Void> send(WsMessageType type, byte[] data) {
        if (loop.inEventLoop()) {
            return sendOnLoop(type, data);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!execute(() -> sendOnLoop(type, data).whenComplete((ok, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        }))) {
            done.completeExceptionally(new IOException("the event loop has stopped"));
        }
        return done;
    }

    private CompletionStage<Void> sendOnLoop(WsMessageType type, byte[] data) {
        WebSocketSession s = session;
        boolean sent = s != null && switch (type) {
            case TEXT -> s.sendText(MemorySegment.ofArray(data), 0, data.length);
            case BINARY -> s.sendBinary(MemorySegment.ofArray(data), 0, data.length);
        };
        if (!sent) {
            return CompletableFuture.failedStage(new IOException("the WebSocket is closed"));
        }
        if (s.isWritable()) {
            return DONE;
        }
        if (waitingForDrain == null) {
            waitingForDrain = new ArrayDeque<>();
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        waitingForDrain.add(drained);
        return drained;
    }

    private boolean execute(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void completeWaiting(Throwable error) {
        ArrayDeque<CompletableFuture<Void>> waiting = waitingForDrain;
        if (waiting == null) {
            return;
        }
        for (CompletableFuture<Void> f; (f = waiting.poll()) != null; ) {
            if (error == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(error);
            }
        }
    }

    // ---------------------------------------------------------------- callbacks

    /** Runs a listener callback where the listener wants it; a failure closes the session with 1011. */
    private void callback(ListenerCall call) {
        if (callbacks == null) {
            invoke(call);
        } else {
            callbacks.execute(() -> invoke(call));
        }
    }

    private void invoke(ListenerCall call) {
        try {
            call.run();
        } catch (Throwable t) {
            try {
                listener.onError(this, t);
            } catch (Throwable again) {
                LOG.log(System.Logger.Level.WARNING, "onError threw", again);
            }
            if (open) {
                close(WsCloseCodes.INTERNAL_ERROR, "internal error");
            }
        }
    }

    @FunctionalInterface
    private interface ListenerCall {
        void run() throws Exception;
    }

    /** The protocol side: runs on the loop. */
    private final class Handler implements WebSocketHandler {
        /** Messages handed to the serial executor and not yet handled. */
        private final AtomicInteger queued = new AtomicInteger();
        /** Reading was paused because the listener fell behind. */
        private boolean pausedForListener;

        @Override
        public void onOpen(WebSocketSession s) {
            session = s;
            started = true;
            open = true;
            callback(() -> listener.onOpen(WebSocket.this));
        }

        @Override
        public void onMessage(WebSocketSession s, WsMessageType type, MemorySegment data, long offset, int length) {
            if (callbacks == null) {
                invoke(delivery(type, data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
                return;
            }
            byte[] bytes = data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE); // outlives this call
            if (queued.incrementAndGet() > MAX_QUEUED_MESSAGES && !pausedForListener) {
                pausedForListener = true;
                s.pauseReading();
            }
            callbacks.execute(() -> {
                try {
                    invoke(delivery(type, bytes));
                } finally {
                    if (queued.decrementAndGet() == RESUME_BELOW_MESSAGES) {
                        execute(this::resumeIfCaughtUp);
                    }
                }
            });
        }

        /** The listener call for a message; {@code bytes} is the message's own copy. */
        private ListenerCall delivery(WsMessageType type, byte[] bytes) {
            return switch (type) {
                case TEXT -> () -> listener.onText(WebSocket.this, new String(bytes, StandardCharsets.UTF_8));
                case BINARY -> () -> listener.onBinary(WebSocket.this, bytes);
            };
        }

        private void resumeIfCaughtUp() {
            if (pausedForListener && queued.get() <= RESUME_BELOW_MESSAGES) {
                pausedForListener = false;
                WebSocketSession s = session;
                if (s != null && s.isOpen()) {
                    s.resumeReading();
                }
            }
        }

        @Override
        public void onWritable(WebSocketSession s) {
            completeWaiting(null);
        }

        @Override
        public void onClose(WebSocketSession s, int code, String reason) {
            open = false;
            completeWaiting(new IOException("the WebSocket closed (" + code + ")"));
            if (callbacks == null) {
                invokeClose(code, reason);
            } else {
                callbacks.execute(() -> invokeClose(code, reason));
            }
        }

        private void invokeClose(int code, String reason) {
            try {
                listener.onClose(WebSocket.this, code, reason);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "WebSocket onClose threw", t);
            } finally {
                onEnd.accept(code);
            }
        }
    }

    /** Runs tasks one at a time, in order, on the given executor (a virtual thread per burst of tasks). */
    private static final class SerialExecutor implements Executor {
        private final Executor executor;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        SerialExecutor(Executor executor) {
            this.executor = executor;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    running.set(false);
                    LOG.log(System.Logger.Level.WARNING, "WebSocket callbacks rejected (shutting down)", e);
                }
            }
        }

        private void drain() {
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.WARNING, "WebSocket callback threw", t);
                    }
                }
            } finally {
                running.set(false);
                schedule(); // a task added between the last poll and the reset
            }
        }
    }
}
