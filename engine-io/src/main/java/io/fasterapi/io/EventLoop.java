package io.fasterapi.io;

import io.fasterapi.io.socket.AcceptedSocket;
import io.fasterapi.io.socket.Listener;
import io.fasterapi.io.socket.ListenerHandle;
import io.fasterapi.linux.LinuxSocket;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One event-loop thread: it owns its ring, epoll set or selector, its connections, its buffer pool and its
 * timers, and runs everything for them. A turn of the loop runs due timers, then tasks from other threads,
 * then flushes every connection that asked for it, then makes the backend's one blocking call (io_uring:
 * one {@code io_uring_enter} that submits the turn's work and waits) and dispatches what completed.
 *
 * <p>{@link #execute} may be called from any thread; everything else belongs to the loop thread.
 *
 * <p>Backends (io_uring, epoll, NIO: one package each, not part of the API) extend it through the protected backend
 * contract below; applications use it, they do not extend it.
 */
public abstract class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    private static final VarHandle SLEEPING;
    private static final VarHandle WAKERS;
    /** Tasks from other threads run per turn at most; the rest wait for the next turn so I/O is not starved. */
    private static final int MAX_TASKS_PER_TURN = 1024;
    /** After a graceful shutdown's deadline, connections are aborted; this bounds the wait for them to go. */
    private static final long FORCED_CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(EventLoop.class, "sleeping", int.class);
            WAKERS = MethodHandles.lookup().findVarHandle(EventLoop.class, "wakers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoopGroup group;
    /** The engine's settings, for the backend. */
    protected final EngineConfig config;
    private final int index;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private final BufferPool bufferPool;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** 1 while the loop is (about to be) blocked in the backend; producers that see 1 wake it. */
    @SuppressWarnings("unused")
    private volatile int sleeping;
    /**
     * Threads inside {@link #wakeup()}; negative once the loop closed its wake-up descriptor, so a late
     * waker can never write to a descriptor number the process has reused since.
     */
    @SuppressWarnings("unused")
    private volatile int wakers;
    private int connections;
    private boolean shuttingDown;
    private long shutdownDeadlineNanos;
    private boolean forcedClose;

    protected EventLoop(EventLoopGroup group, int index, EngineConfig config) {
        this.group = group;
        this.index = index;
        this.config = config;
        this.bufferPool = new BufferPool(config.maxPooledBytesPerLoop(), this);
        this.thread = Thread.ofPlatform()
                .name("fasterapi-" + transport().id() + "-" + index)
                .unstarted(this::run);
    }

    // ------------------------------------------------------------------ public API

    /** This loop's position in its group. */
    public final int index() {
        return index;
    }

    public final EventLoopGroup group() {
        return group;
    }

    /** The backend this loop runs. */
    public abstract Transport transport();

    /** This loop's buffer pool (loop thread only). */
    public final BufferPool bufferPool() {
        return bufferPool;
    }

    /** Whether the caller runs on this loop's thread. */
    public final boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop whose thread calls this, or null on any other thread. */
    public static EventLoop current() {
        return CURRENT.get();
    }

    /**
     * Connects to {@code address} (TCP or Unix socket) from this loop: the connection belongs to this loop.
     * Any thread; the future completes on the loop once the connection is open.
     */
    public final CompletableFuture<Channel> connect(SocketAddress address, ConnectionHandler handler) {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("unresolved address: " + inet));
        }
        CompletableFuture<Channel> future = new CompletableFuture<>();
        try {
            execute(() -> connect(address, handler, future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Connections currently open on this loop. */
    public final int connectionCount() {
        return connections;
    }

    /**
     * Runs {@code task} on the loop thread: later in this turn when called from the loop, else as soon as the
     * loop wakes (this wakes it). Throws {@link RejectedExecutionException} once the loop has terminated.
     */
    @Override
    public final void execute(Runnable task) {
        if (terminated.isDone()) {
            throw new RejectedExecutionException("event loop " + index + " has terminated");
        }
        tasks.offer(task);
        if (!inEventLoop() && (int) SLEEPING.getAndSet(this, 0) == 1) {
            if ((int) WAKERS.getAndAdd(this, 1) >= 0) {
                wakeup();
            }
            WAKERS.getAndAdd(this, -1);
        }
    }

    /** Waits out wakers in flight and refuses later ones; runs before the backend closes its wake-up fd. */
    private void closeWakeups() {
        while (!WAKERS.compareAndSet(this, 0, Integer.MIN_VALUE / 2)) {
            Thread.onSpinWait();
        }
    }

    /** A timer for {@code task}, not yet scheduled; reusable. Loop thread only. */
    public final Timer newTimer(Runnable task) {
        return new Timer(this, task);
    }

    /** Schedules (or reschedules) {@code timer} to fire after {@code delayNanos}. Loop thread only. */
    public final void schedule(Timer timer, long delayNanos) {
        assertInLoop();
        timers.schedule(timer, System.nanoTime() + Math.max(0, delayNanos));
    }

    /** Runs {@code task} on the loop after {@code delay}. Loop thread only; allocates a timer. */
    public final Timer schedule(Runnable task, long delay, TimeUnit unit) {
        Timer timer = newTimer(task);
        schedule(timer, unit.toNanos(delay));
        return timer;
    }

    final void cancelTimer(Timer timer) {
        assertInLoop();
        timers.remove(timer);
    }

    private void assertInLoop() {
        if (!inEventLoop()) {
            throw new IllegalStateException("must be called on " + thread.getName() + ", not "
                    + Thread.currentThread().getName());
        }
    }

    protected final EngineConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ backend contract

    /** Creates the backend's kernel objects; runs on the loop thread before the first turn. */
    protected abstract void init() throws Exception;

    /**
     * Submits the turn's work and waits up to {@code timeoutNanos} (0: do not wait; -1: until woken) for
     * I/O, then dispatches what completed.
     */
    protected abstract void poll(long timeoutNanos) throws Exception;

    /** Interrupts a blocked {@link #poll}; called from other threads. */
    protected abstract void wakeup();

    /** Releases the backend's kernel objects; runs on the loop thread after the last turn. */
    protected abstract void cleanup();

    /** Sends what the turn's flushes asked for; returns false when nothing was waiting. Loop thread. */
    protected abstract boolean flushPending();

    /** Whether channels wait to be flushed (the loop then does not sleep). */
    protected abstract boolean hasPendingFlushes();

    /** Tells every open connection that a graceful shutdown began. */
    protected abstract void shutdownConnections();

    /** Aborts every connection that is not yet closed. */
    protected abstract void abortConnections();

    /**
     * Opens a listening socket; runs on the binding thread. A port another process listens on is refused
     * ({@link LinuxSocket#addressInUse}) unless {@code sharing} joins a group this process leads.
     */
    protected abstract ListenerHandle openListener(SocketAddress address,
            LinuxSocket.PortSharing sharing) throws java.io.IOException;

    /** The address a handle from {@link #openListener} is bound to. */
    protected abstract SocketAddress listenerAddress(ListenerHandle handle) throws java.io.IOException;

    /** Closes a handle from {@link #openListener} that never started accepting. */
    protected abstract void closeListenerHandle(ListenerHandle handle);

    /** Starts accepting on {@code listener}; loop thread. */
    protected abstract void startAccepting(Listener listener);

    /** Stops accepting and closes the listening socket, then completes {@code listener.closed()}; loop thread. */
    protected abstract void stopAccepting(Listener listener);

    /** Takes a socket accepted by another loop (single-acceptor mode); loop thread. */
    protected abstract void adopt(AcceptedSocket socket, Listener listener);

    /** Connects to {@code address}; completes {@code future} on the loop thread. */
    protected abstract void connect(SocketAddress address, ConnectionHandler handler, CompletableFuture<Channel> future);

    // ------------------------------------------------------------------ loop

    final void start() {
        thread.start();
    }

    final CompletableFuture<Void> startedFuture() {
        return started;
    }

    final CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    /** A connection opened: counted until {@link #connectionClosed()} (graceful shutdown waits for zero). */
    protected final void connectionOpened() {
        connections++;
    }

    protected final void connectionClosed() {
        connections--;
    }

    /**
     * Whether a graceful shutdown has begun (read on this loop's thread): code that would open new outbound
     * connections (a database pool topping up) should not, since they would hold the loop open.
     */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Asks the loop to shut down: graceful until {@code deadlineNanos}, then connections are aborted. */
    final void requestShutdown(long deadlineNanos) {
        execute(() -> {
            if (!shuttingDown) {
                shuttingDown = true;
                shutdownDeadlineNanos = deadlineNanos;
                shutdownConnections();
            }
        });
    }

    private void run() {
        CURRENT.set(this);
        bufferPool.bindToCurrentThread();
        try {
            init();
        } catch (Throwable t) {
            started.completeExceptionally(t);
            terminated.completeExceptionally(t);
            return;
        }
        started.complete(null);
        try {
            while (!turn()) {
                // turn() returns true once shutdown is complete
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + index + " failed; closing its connections", t);
        } finally {
            try {
                closeWakeups();
                abortConnections();
                cleanup();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "event loop " + index + " cleanup failed", t);
            }
            drainTasks(); // onClose notifications queued by the last aborts
            if (bufferPool.outstandingBuffers() != 0) {
                LOG.log(System.Logger.Level.WARNING, "event loop " + index + " ends with "
                        + bufferPool.outstandingBuffers() + " buffers not released");
            }
            bufferPool.close();
            terminated.complete(null);
            drainTasks(); // tasks that raced with termination, so futures they complete do not hang
        }
    }

    /** One turn; returns true when the loop should end. */
    private boolean turn() throws Exception {
        long now = System.nanoTime();
        runDueTimers(now);
        boolean moreTasks = runTasks();
        flushPending();
        if (shuttingDown && shutdownProgress(now)) {
            return true;
        }
        long timeout = moreTasks || hasPendingFlushes() ? 0 : timeoutUntilNextTimer(now);
        if (timeout != 0) {
            SLEEPING.setVolatile(this, 1);
            if (!tasks.isEmpty()) {
                timeout = 0;
            }
        }
        try {
            poll(timeout);
        } finally {
            SLEEPING.setOpaque(this, 0);
        }
        return false;
    }

    private long timeoutUntilNextTimer(long now) {
        long deadline = timers.nextDeadline();
        if (shuttingDown) {
            deadline = Math.min(deadline, forcedClose ? now + 10_000_000L : shutdownDeadlineNanos);
        }
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        return Math.max(1, deadline - now);
    }

    private void runDueTimers(long now) {
        Timer timer;
        while ((timer = timers.pollDue(now)) != null) {
            try {
                timer.fire();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "timer task threw", t);
            }
        }
    }

    /** Runs queued tasks; returns true when more are waiting. */
    private boolean runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return false;
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "task threw", t);
            }
        }
        return !tasks.isEmpty();
    }

    /** Returns true when shutdown is complete. */
    private boolean shutdownProgress(long now) {
        if (connections == 0 && tasks.isEmpty()) {
            return true;
        }
        if (!forcedClose && now - shutdownDeadlineNanos >= 0) {
            forcedClose = true;
            shutdownDeadlineNanos = now + FORCED_CLOSE_GRACE_NANOS;
            if (connections > 0) {
                LOG.log(System.Logger.Level.INFO, "event loop " + index + ": shutdown deadline passed, aborting "
                        + connections + " connections");
            }
            abortConnections();
            return false;
        }
        return forcedClose && now - shutdownDeadlineNanos >= 0;
    }

    private void drainTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, "task after termination threw", t);
            }
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
