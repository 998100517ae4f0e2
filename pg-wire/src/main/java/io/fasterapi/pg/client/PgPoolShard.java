package io.fasterapi.pg.client;

import io.fasterapi.io.EventLoop;
import io.fasterapi.io.Timer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The connections of one event loop. Every field is touched on that loop only; calls from other threads hop
 * there first.
 */
final class PgPoolShard implements PgClient {
    private static final System.Logger LOG = System.getLogger(PgPool.class.getName());
    private static final long MAINTENANCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a failed connect, waiters still queued get another try this much later. */
    private static final long RETRY_OPEN_MILLIS = 250;
    /** While the loop shuts down, a connection idle this long is closed. */
    private static final long DRAIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * What a pooled connection is doing. Transitions: SHARED -> LEASED (acquire) -> SHARED (release);
     * SHARED -> CHECKING (maintenance, when idle) -> SHARED (the check's answer).
     */
    private enum Use {
        /** Takes pipelined commands, and may be leased when idle. */
        SHARED,
        /** Lent to one caller until released: takes nothing else. */
        LEASED,
        /** Running its health check: takes nothing else until it answers. */
        CHECKING
    }

    /** One pooled connection. */
    private static final class Member {
        final PgConnection connection;
        final long createdNanos = System.nanoTime();
        long lastUsedNanos = createdNanos;
        /** The last health check or use, whichever is later: health checks do not count as use (idle timeout). */
        long lastCheckedNanos = createdNanos;
        Use use = Use.SHARED;
        long leasedNanos;
        Throwable leaseStack;
        boolean leakReported;

        Member(PgConnection connection) {
            this.connection = connection;
        }
    }

    /** What a waiter wants. */
    private enum Want {
        /** A connection of its own (acquire): an idle one, lent until released. */
        LEASE,
        /** Room on any connection for one more pipelined command (query, batch): its {@code work} runs there. */
        PIPELINED
    }

    /** A caller waiting for a connection or for room on one. */
    private static final class Waiter {
        final Want want;
        /** What runs on the connection ({@link Want#PIPELINED} only). */
        final Function<PgConnection, CompletableFuture<?>> work;
        final CompletableFuture<Object> result;
        final Throwable stack;
        Timer timeout;

        Waiter(Want want, Function<PgConnection, CompletableFuture<?>> work, CompletableFuture<Object> result,
               Throwable stack) {
            this.want = want;
            this.work = work;
            this.result = result;
            this.stack = stack;
        }
    }

    private final EventLoop loop;
    private final PgConnectOptions options;
    private final PgPoolOptions pool;
    private final List<Member> members = new ArrayList<>();
    /** Where {@link #pipelinable} starts looking next. */
    private int nextMember;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Lease waiters in {@link #waiters}: while there are some, one connection takes no new pipelined work. */
    private int leaseWaiters;
    /** The connection left to drain for the first lease waiter (else steady pipelining would starve it). */
    private Member reserved;
    private final Runnable serve = this::serveWaiters;
    private int connecting;
    private boolean closed;
    private Timer maintenance;

    PgPoolShard(EventLoop loop, PgConnectOptions options, PgPoolOptions pool) {
        this.loop = loop;
        this.options = options;
        this.pool = pool;
    }

    void start() {
        onLoop(() -> {
            maintenance = loop.newTimer(this::maintain);
            loop.schedule(maintenance, MAINTENANCE_NANOS);
            topUp();
        });
    }

    int size() {
        return members.size(); // a racy snapshot when read off the loop: good enough for monitoring
    }

    // ---------------------------------------------------------------- PgClient

    @Override
    public CompletableFuture<PgResult> queryAsync(String sql, Object... params) {
        return submit(c -> c.query(sql, params));
    }

    @Override
    public CompletableFuture<long[]> batchAsync(String sql, List<Object[]> parameterSets) {
        return submit(c -> c.batch(sql, parameterSets));
    }

    @Override
    public CompletableFuture<PgConnection> acquireAsync() {
        Throwable stack = pool.leakDetectionThresholdMillis() > 0 ? new Throwable("connection acquired here") : null;
        CompletableFuture<Object> result = new CompletableFuture<>();
        onLoop(() -> {
            Member idle = idleMember();
            if (idle != null) {
                lease(idle, stack);
                result.complete(idle.connection);
            } else {
                wait(new Waiter(Want.LEASE, null, result, stack));
            }
        }, result);
        return result.thenApply(PgConnection.class::cast);
    }

    @Override
    public void release(PgConnection connection) {
        onLoop(() -> {
            for (Member m : members) {
                if (m.connection == connection && m.use == Use.LEASED) {
                    m.use = Use.SHARED;
                    m.leaseStack = null;
                    m.lastUsedNanos = System.nanoTime();
                    if (connection.transactionStatus() != 'I' && connection.isOpen()) {
                        // Left in a transaction: the ROLLBACK goes first on the wire, before any later use.
                        connection.simpleQuery("ROLLBACK");
                    }
                    connection.endLease(); // closes it now if the loop is shutting down and it is idle
                    serveWaiters();
                    return;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "released a connection this pool does not lend: " + connection);
        }, null);
    }

    /** Runs {@code work} on a connection with room for one more pipelined command, or waits for one. */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submit(Function<PgConnection, CompletableFuture<T>> work) {
        if (loop.inEventLoop() && !closed) {
            Member m = pipelinable();
            if (m != null) {
                m.lastUsedNanos = System.nanoTime();
                return work.apply(m.connection);
            }
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        onLoop(() -> {
            Member m = pipelinable();
            if (m != null) {
                m.lastUsedNanos = System.nanoTime();
                relay(work.apply(m.connection), result);
            } else {
                wait(new Waiter(Want.PIPELINED, (Function<PgConnection, CompletableFuture<?>>) (Function<?, ?>) work, result, null));
            }
        }, result);
        return (CompletableFuture<T>) result;
    }

    private static void relay(CompletableFuture<?> from, CompletableFuture<Object> to) {
        from.whenComplete((value, failure) -> {
            if (failure != null) {
                to.completeExceptionally(failure);
            } else {
                to.complete(value);
            }
        });
    }

    // ---------------------------------------------------------------- members (loop thread)

    /**
     * An open, unleased connection with room for one more command ({@code pipeliningLimit}), taken in turn
     * from the last one used; another connection is opened only when every open one is full. Deep pipelines
     * on few connections are what a database server handles best (one read, many queries). Taking them in turn
     * rather than the least loaded keeps one backend from being fed all new work while the queries queued on
     * the others wait for the server's scheduler to get to their backends (that skew showed as a p99 of 8 ms
     * at a p50 of 0.25 ms with the server on one core).
     */
    private Member pipelinable() {
        // Reserved only when no more connections can open for the lease waiters.
        Member keep = leaseWaiters > 0 && members.size() + connecting >= pool.maxSizePerLoop() ? reserved() : null;
        int n = members.size();
        for (int k = 0; k < n; k++) {
            int i = (nextMember + k) % n;
            Member m = members.get(i);
            if (m != keep && m.use == Use.SHARED && m.connection.isOpen()
                    && m.connection.pending() < pool.pipeliningLimit()) {
                nextMember = (i + 1) % n;
                return m;
            }
        }
        if (members.size() + connecting < pool.maxSizePerLoop() && connecting == 0) {
            open();
        }
        return null;
    }

    /** The connection kept for lease waiters: the least loaded unleased one, chosen once and kept until leased. */
    private Member reserved() {
        Member r = reserved;
        if (r != null && (r.use == Use.LEASED || !r.connection.isOpen() || !members.contains(r))) {
            r = null;
        }
        if (r == null) {
            for (int i = 0, n = members.size(); i < n; i++) {
                Member m = members.get(i);
                if (m.use != Use.LEASED && m.connection.isOpen()
                        && (r == null || m.connection.pending() < r.connection.pending())) {
                    r = m;
                }
            }
        }
        reserved = r;
        return r;
    }

    private Member idleMember() {
        for (Member m : members) {
            if (m.use == Use.SHARED && m.connection.isOpen() && m.connection.pending() == 0) {
                return m;
            }
        }
        if (members.size() + connecting < pool.maxSizePerLoop() && connecting <= leaseWaiters) {
            open();
        }
        return null;
    }

    private void lease(Member m, Throwable stack) {
        m.use = Use.LEASED;
        m.connection.lease();
        m.leasedNanos = System.nanoTime();
        m.leaseStack = stack;
        m.leakReported = false;
        m.lastUsedNanos = m.leasedNanos;
    }

    private void open() {
        if (closed) {
            return; // (while the loop shuts down, in-flight requests may still need one: drain() closes it later)
        }
        connecting++;
        // Always a task of its own, never inline: open() runs inside serveWaiters' iteration.
        PgConnection.connect(loop, options).whenComplete((connection, failure) -> later(() -> {
            connecting--;
            if (failure != null) {
                failWaitersIfNothingCanServe(failure);
                if (!waiters.isEmpty() && !closed) {
                    // Others are open (or the failure was passing): try again shortly for those still waiting.
                    loop.schedule(this::serveWaiters, RETRY_OPEN_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (closed) {
                connection.close();
                return;
            }
            Member m = new Member(connection);
            members.add(m);
            connection.listeners(serve, () -> onLoop(() -> removed(m), null));
            serveWaiters();
        }));
    }

    private void removed(Member m) {
        members.remove(m);
        if (!closed) {
            topUp();
            serveWaiters();
        }
    }

    /**
     * Hands free connections to waiters, in order of arrival; a waiter that cannot be served yet (a lease while
     * every connection is busy) does not hold up those behind it that can (pipelined work).
     */
    private void serveWaiters() {
        boolean served = true;
        while (served && !waiters.isEmpty()) {
            served = false;
            Waiter ready = null;
            Member to = null;
            boolean noIdle = false; // asked once per pass: nothing changes until a waiter is served
            boolean noRoom = false;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.result.isDone()) { // timed out
                    it.remove();
                    if (w.want == Want.LEASE) {
                        leaseWaiters--;
                    }
                    continue;
                }
                if (w.want == Want.LEASE ? noIdle : noRoom) {
                    continue;
                }
                Member m = w.want == Want.LEASE ? idleMember() : pipelinable();
                if (m == null) {
                    if (w.want == Want.LEASE) {
                        noIdle = true;
                    } else {
                        noRoom = true;
                    }
                    if (noIdle && noRoom) {
                        break; // (timed-out waiters further on are removed by their own timers)
                    }
                } else {
                    it.remove();
                    if (w.want == Want.LEASE) {
                        leaseWaiters--;
                    }
                    ready = w;
                    to = m;
                    break;
                }
            }
            if (ready != null) {
                // Served outside the iteration: completing a future runs the caller's code, which may use the pool.
                served = true;
                if (ready.timeout != null) {
                    ready.timeout.cancel();
                }
                if (ready.want == Want.LEASE) {
                    lease(to, ready.stack);
                    ready.result.complete(to.connection);
                } else {
                    to.lastUsedNanos = System.nanoTime();
                    relay(ready.work.apply(to.connection), ready.result);
                }
            }
        }
    }

    private void wait(Waiter w) {
        if (closed) {
            w.result.completeExceptionally(new PgConnectionClosedException("the pool is closed", null));
            return;
        }
        waiters.add(w);
        if (w.want == Want.LEASE) {
            leaseWaiters++;
        }
        w.timeout = loop.newTimer(() -> {
            if (w.result.completeExceptionally(new PgConnectionClosedException("no connection within "
                    + pool.acquireTimeoutMillis() + " ms (acquireTimeoutMillis; " + members.size() + " open of "
                    + pool.maxSizePerLoop() + " per loop)", new TimeoutException()))) {
                if (waiters.remove(w) && w.want == Want.LEASE) {
                    leaseWaiters--;
                    serveWaiters(); // a connection kept back for it may take pipelined work again
                }
            }
        });
        loop.schedule(w.timeout, TimeUnit.MILLISECONDS.toNanos(pool.acquireTimeoutMillis()));
    }

    private void failWaitersIfNothingCanServe(Throwable failure) {
        if (!members.isEmpty() || connecting > 0) {
            return;
        }
        // Taken out first: a failed caller retrying from its callback queues a new waiter, which must stay.
        List<Waiter> failing = new ArrayList<>(waiters);
        waiters.clear();
        leaseWaiters = 0;
        for (Waiter w : failing) {
            if (w.timeout != null) {
                w.timeout.cancel();
            }
            w.result.completeExceptionally(failure instanceof PgException || failure instanceof PgConnectionClosedException
                    ? failure : new PgConnectionClosedException("cannot connect: " + failure.getMessage(), failure));
        }
    }

    // ---------------------------------------------------------------- maintenance (loop thread, every second)

    private void maintain() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (loop.isShuttingDown()) {
            drain(now);
            loop.schedule(maintenance, DRAIN_IDLE_NANOS / 2);
            return;
        }
        Iterator<Member> it = members.iterator();
        while (it.hasNext()) {
            Member m = it.next();
            if (!m.connection.isOpen()) {
                it.remove();
                continue;
            }
            if (m.use == Use.LEASED) {
                reportLeak(m, now);
                continue;
            }
            boolean idle = m.connection.pending() == 0 && m.use != Use.CHECKING;
            long idleNanos = now - m.lastUsedNanos;
            boolean tooOld = pool.maxLifetimeMillis() > 0 && now - m.createdNanos > TimeUnit.MILLISECONDS.toNanos(pool.maxLifetimeMillis());
            boolean idleTooLong = pool.idleTimeoutMillis() > 0 && members.size() > pool.minSizePerLoop()
                    && idleNanos > TimeUnit.MILLISECONDS.toNanos(pool.idleTimeoutMillis());
            if (idle && (tooOld || idleTooLong)) {
                it.remove();
                m.connection.close();
            } else if (idle && pool.healthCheckIdleMillis() > 0
                    && now - Math.max(m.lastUsedNanos, m.lastCheckedNanos)
                    > TimeUnit.MILLISECONDS.toNanos(pool.healthCheckIdleMillis())) {
                check(m);
            }
        }
        topUp();
        loop.schedule(maintenance, MAINTENANCE_NANOS);
    }

    private void check(Member m) {
        m.use = Use.CHECKING;
        m.connection.simpleQuery("SELECT 1").whenComplete((ok, failure) -> onLoop(() -> {
            m.use = Use.SHARED;
            m.lastCheckedNanos = System.nanoTime();
            if (failure != null) {
                LOG.log(System.Logger.Level.INFO, "pooled connection failed its health check; replacing it: " + failure);
                members.remove(m);
                m.connection.close();
                topUp();
            }
            serveWaiters();
        }, null));
    }

    private void reportLeak(Member m, long now) {
        long threshold = pool.leakDetectionThresholdMillis();
        if (threshold > 0 && !m.leakReported && now - m.leasedNanos > TimeUnit.MILLISECONDS.toNanos(threshold)) {
            m.leakReported = true;
            LOG.log(System.Logger.Level.WARNING, "a pooled PostgreSQL connection has been held for more than "
                    + threshold + " ms (leakDetectionThresholdMillis): was it released?", m.leaseStack);
        }
    }

    /**
     * The loop is shutting down: requests still in flight may query again (a new connection opens if needed),
     * so a connection closes only once it has been idle, unleased, for {@link #DRAIN_IDLE_NANOS}; the loop
     * stops when the last one has.
     */
    private void drain(long now) {
        Iterator<Member> it = members.iterator();
        while (it.hasNext()) {
            Member m = it.next();
            if (!m.connection.isOpen()) {
                it.remove();
            } else if (m.use == Use.SHARED && m.connection.pending() == 0 && now - m.lastUsedNanos >= DRAIN_IDLE_NANOS) {
                it.remove();
                m.connection.close();
            }
        }
    }

    private void topUp() {
        if (loop.isShuttingDown()) {
            return;
        }
        while (!closed && members.size() + connecting < pool.minSizePerLoop()) {
            open();
        }
    }

    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable closing = () -> {
            closed = true;
            if (maintenance != null && loop.inEventLoop()) {
                maintenance.cancel(); // (a stopped loop's timers died with it)
            }
            leaseWaiters = 0;
            for (Waiter w; (w = waiters.poll()) != null; ) {
                w.result.completeExceptionally(new PgConnectionClosedException("the pool closed", null));
            }
            for (Member m : new ArrayList<>(members)) {
                m.connection.close();
            }
            members.clear();
            done.complete(null);
        };
        if (loop.inEventLoop()) {
            closing.run();
            return done;
        }
        try {
            loop.execute(closing);
        } catch (RejectedExecutionException stopped) {
            // The loop has terminated: nothing else touches this shard now, so waiters are failed from here
            // (a blocked caller would otherwise wait forever).
            closing.run();
        }
        return done;
    }

    // ---------------------------------------------------------------- threading

    /** Runs {@code task} on the loop (now if already there); a stopped loop fails {@code result}. */
    private void onLoop(Runnable task, CompletableFuture<?> result) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (result != null) {
                result.completeExceptionally(new PgConnectionClosedException("the event loop has stopped", e));
            }
        }
    }

    /** Runs {@code task} on the loop as a task of its own (dropped if the loop has stopped). */
    private void later(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the loop is gone, and the shard with it
        }
    }

    private void onLoop(Runnable task) {
        onLoop(task, null);
    }
}
