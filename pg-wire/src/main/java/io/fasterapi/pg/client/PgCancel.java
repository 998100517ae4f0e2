package io.fasterapi.pg.client;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;
import io.fasterapi.pg.protocol.PgMessageWriter;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A CancelRequest ("Canceling Requests in Progress"): a new connection carrying only
 * {@code Int32 16, Int32 80877102, Int32 pid, Int32 key}; the server closes it without answering. When the
 * connection to cancel is encrypted, so is the request (SSLRequest first, as libpq 17's {@code PQcancelCreate}):
 * the key is a secret. The path is bounded: the request fails after {@code connectTimeoutMillis} if the server has
 * not closed it by then.
 */
final class PgCancel implements ConnectionHandler {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final int processId;
    private final int secretKey;

    private PgCancel(int processId, int secretKey) {
        this.processId = processId;
        this.secretKey = secretKey;
    }

    static CompletableFuture<Void> send(EventLoop loop, PgConnectOptions options, int processId, int secretKey,
                                        boolean encrypted) {
        if (processId == 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("no BackendKeyData yet: nothing to cancel"));
        }
        PgCancel cancel = new PgCancel(processId, secretKey);
        ConnectionHandler first = !encrypted ? cancel : new PgSslRequest(cancel, options, false,
                new PgSslRequest.Outcome() {
                    @Override
                    public void opened(Channel socket) {
                    }

                    @Override
                    public void negotiated(Channel channel) {
                    }

                    @Override
                    public void refused(Throwable why) {
                        cancel.done.completeExceptionally(why);
                    }
                });
        loop.connect(options.address(), first).whenComplete((c, failure) -> {
            if (failure != null) {
                cancel.done.completeExceptionally(failure);
                return;
            }
            c.loop().schedule(() -> {
                if (cancel.done.completeExceptionally(new TimeoutException("the server did not take the cancel request "
                        + "within " + options.connectTimeoutMillis() + " ms"))) {
                    c.abort();
                }
            }, options.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        });
        return cancel.done;
    }

    @Override
    public void onOpen(Channel c) {
        PgMessageWriter out = new PgMessageWriter(16);
        out.cancelRequest(processId, secretKey);
        c.write(out.segment(), 0, out.size());
        c.flush();
        c.shutdownOutput();
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        return length; // the server sends nothing; ignore anything
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        if (cause instanceof javax.net.ssl.SSLHandshakeException) {
            done.completeExceptionally(cause);
            return;
        }
        done.complete(null);
    }
}
