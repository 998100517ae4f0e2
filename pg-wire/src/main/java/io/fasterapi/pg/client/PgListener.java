package io.fasterapi.pg.client;

import io.fasterapi.io.EventLoop;
import io.fasterapi.io.Timer;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * LISTEN/NOTIFY on a connection of its own. When the connection is lost, it reconnects (after 100 ms, then
 * doubling up to 5 s), LISTENs again to every channel, and says so through
 * {@link Handler#onReconnected}: notifications sent while it was away are lost (PostgreSQL does not keep
 * them), so a listener that cares re-reads what it watches. Handler methods run on the listener's event loop
 * and must not block.
 */
public final class PgListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PgListener.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;

    /** What a listener hears. */
    public interface Handler {
        void onNotification(String channel, String payload, int senderProcessId);

        /** The connection was lost; reconnection is under way. */
        default void onDisconnected(Throwable cause) {}

        /** Connected again and listening to {@code channels} again; notifications in between were lost. */
        default void onReconnected(Set<String> channels) {}
    }

    private final EventLoop loop;
    private final PgConnectOptions options;
    private final Handler handler;
    private final Set<String> channels = new LinkedHashSet<>();
    private PgConnection connection;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private boolean reconnecting;
    private boolean closed;
    private Timer retry;

    private PgListener(EventLoop loop, PgConnectOptions options, Handler handler) {
        this.loop = loop;
        this.options = options;
        this.handler = handler;
    }

    /** Connects; the future completes once the listener can LISTEN. */
    public static CompletableFuture<PgListener> start(EventLoop loop, PgConnectOptions options, Handler handler) {
        PgListener listener = new PgListener(loop, options, handler);
        return listener.connect().thenApply(c -> listener);
    }

    public CompletableFuture<Void> listen(String channel) {
        return onLoop(() -> {
            channels.add(channel);
            return command("LISTEN " + quote(channel));
        });
    }

    public CompletableFuture<Void> unlisten(String channel) {
        return onLoop(() -> {
            channels.remove(channel);
            return command("UNLISTEN " + quote(channel));
        });
    }

    /** The backend process serving the listener now (changes after a reconnect). */
    public int processId() {
        PgConnection c = connection;
        return c == null ? 0 : c.processId();
    }

    @Override
    public void close() {
        onLoop(() -> {
            closed = true;
            if (retry != null) {
                retry.cancel();
            }
            if (connection != null) {
                connection.close();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    // ---------------------------------------------------------------- loop thread

    private CompletableFuture<PgConnection> connect() {
        return PgConnection.connect(loop, options).thenApply(c -> {
            if (closed) { // closed while connecting: this connection is nobody's
                c.close();
                throw new java.util.concurrent.CancellationException("the listener was closed");
            }
            c.notificationHandler(handler::onNotification);
            c.listeners(null, () -> lost(new PgConnectionClosedException("the listener's connection closed", null)));
            connection = c;
            return c;
        });
    }

    private CompletableFuture<Void> command(String sql) {
        PgConnection c = connection;
        if (c == null || !c.isOpen()) {
            return CompletableFuture.completedFuture(null); // applied when the connection is back
        }
        return c.simpleQuery(sql).thenApply(r -> null);
    }

    private void lost(Throwable cause) {
        if (closed || reconnecting) {
            return;
        }
        reconnecting = true;
        connection = null;
        safely(() -> handler.onDisconnected(cause));
        scheduleRetry();
    }

    private void scheduleRetry() {
        retry = loop.schedule(this::reconnect, retryMillis, TimeUnit.MILLISECONDS);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        connect().thenCompose(c -> {
            CompletableFuture<?> all = CompletableFuture.completedFuture(null);
            for (String channel : channels) {
                all = all.thenCompose(x -> c.simpleQuery("LISTEN " + quote(channel)));
            }
            return all;
        }).whenComplete((ok, failure) -> onLoop(() -> {
            if (closed) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                return CompletableFuture.completedFuture(null);
            }
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "listener reconnect failed; retrying", failure);
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                scheduleRetry();
            } else {
                reconnecting = false;
                retryMillis = FIRST_RETRY_MILLIS;
                Set<String> now = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(channels));
                safely(() -> handler.onReconnected(now));
            }
            return CompletableFuture.completedFuture(null);
        }));
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener handler threw", e);
        }
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> work) {
        if (loop.inEventLoop()) {
            return work.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> work.get().whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** A channel name as a quoted identifier. */
    static String quote(String channel) {
        if (channel.isEmpty() || channel.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid channel name");
        }
        return '"' + channel.replace("\"", "\"\"") + '"';
    }
}
