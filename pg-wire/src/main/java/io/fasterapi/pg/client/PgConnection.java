package io.fasterapi.pg.client;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.Timer;
import io.fasterapi.io.tls.TlsChannel;
import io.fasterapi.pg.protocol.PgAuthentication;
import io.fasterapi.pg.protocol.PgAuthentication.ChannelBinding;
import io.fasterapi.pg.protocol.PgBackendParser;
import io.fasterapi.pg.protocol.PgError;
import io.fasterapi.pg.protocol.PgMessageWriter;
import io.fasterapi.pg.protocol.PgProtocolException;
import io.fasterapi.pg.protocol.PgTlsServerEndPoint;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;

/**
 * One connection to PostgreSQL, owned by one event loop: the startup message and authentication (decided by
 * {@link PgAuthentication}), then a FIFO of commands. Commands issued without waiting for each other are
 * pipelined: each writes its messages (ending with its own Sync) into the connection's output as it is
 * issued, the engine sends everything written in a loop turn in one go, and results are matched to commands
 * in order ({@link PgResponseRouter}). Prepared statements are kept in a {@link PgStatementCache}.
 *
 * <p>TLS follows {@link PgSslOptions} as libpq does: the SSLRequest exchange ({@link PgSslRequest}) on the new
 * socket, then start-up over a {@link TlsChannel}; SCRAM is bound to the server's certificate
 * (SCRAM-SHA-256-PLUS, {@code tls-server-end-point}) when the server offers it. {@code sslmode=prefer} retries in
 * plaintext on a new socket when the TLS handshake fails; {@code allow} tries plaintext first and TLS when the
 * server refuses it.
 *
 * <p>Thread-safe: methods may be called from any thread (the work hops to the loop); the returned futures
 * complete on the loop, so a continuation that blocks must move elsewhere ({@code thenApplyAsync}).
 */
public final class PgConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PgConnection.class.getName());

    /** How a connection attempt starts, from {@code sslmode}. */
    private enum Negotiation {
        /** StartupMessage at once (sslmode=disable, a Unix socket, allow's first try, prefer's retry). */
        PLAINTEXT,
        /** SSLRequest; 'N' goes on in plaintext (sslmode=prefer). */
        TLS_IF_OFFERED,
        /** SSLRequest; 'N' is refused (require, verify-ca, verify-full, allow's second try). */
        TLS_ONLY
    }

    /** Where the connection stands. */
    private enum State {
        /** TCP is being set up. */
        CONNECTING,
        /** Startup sent; authentication and the server's parameters are under way. */
        AUTHENTICATING,
        /** Commands flow. */
        READY,
        /** Closed; commands fail. */
        CLOSED
    }

    /** Who decides when the connection closes. */
    private enum Owner {
        /** Opened by a caller: when the loop shuts down, it closes once no command is pending. */
        CALLER,
        /** A pool's, shared by pipelined commands: at loop shutdown the pool closes it once idle a while. */
        POOL,
        /** A pool's, lent to one caller (a transaction may be open between its commands): not closed while so. */
        LEASED
    }

    private final EventLoop loop;
    private final PgConnectOptions options;
    private final PgBackendParser parser;
    private final PgMessageWriter out = new PgMessageWriter(4096);
    private PgAuthentication authentication;
    private final PgStatementCache statements;
    /** Where the result being received gathers its rows (results arrive one at a time). */
    final PgRowSet.Scratch rowScratch = new PgRowSet.Scratch();
    private final Wire wire = new Wire();
    private final ArrayDeque<PgCommand> inflight = new ArrayDeque<>();
    private final ArrayDeque<PgCommand> waiting = new ArrayDeque<>();
    private final PgAsyncMessages async = new PgAsyncMessages();
    private final CompletableFuture<PgConnection> connected = new CompletableFuture<>();
    private Channel connection;
    private State state = State.CONNECTING;
    /** A statement is being described: later commands wait so the wire order stays the FIFO order. */
    private boolean holding;
    private int processId;
    private int secretKey;
    private volatile byte transactionStatus = 'I';
    private Timer connectTimer;
    private Throwable closeCause;
    /** The pool's: after each command completes, and once when closed (loop thread). */
    private Runnable commandDoneListener;
    private Runnable closeListener;
    /** The loop is shutting down: close once no command is pending (and not leased). */
    private boolean closeWhenIdle;
    private Owner owner = Owner.CALLER;
    /** The session's TLS version ("TLSv1.3"); null in plaintext. */
    private String tlsVersion;
    /** Authentication was SCRAM-SHA-256-PLUS, bound to the server's certificate. */
    private boolean channelBound;

    private PgConnection(EventLoop loop, PgConnectOptions options) {
        this.loop = loop;
        this.options = options;
        this.parser = new PgBackendParser(options.limits());
        this.statements = new PgStatementCache(options.statementCacheSize(), out);
    }

    /**
     * Opens a connection owned by {@code loop}; the future completes once it is ready for queries. TLS as
     * {@link PgConnectOptions#ssl()} says; bad TLS options (a missing root certificate file for verify-full) fail
     * the future with {@link IllegalArgumentException}.
     */
    public static CompletableFuture<PgConnection> connect(EventLoop loop, PgConnectOptions options) {
        if (!options.usesTls()) {
            return attempt(loop, options, Negotiation.PLAINTEXT);
        }
        return switch (options.ssl().mode()) {
            case DISABLE -> attempt(loop, options, Negotiation.PLAINTEXT);
            // allow: plaintext first; TLS if the server refused that connection (hostssl only, for example)
            case ALLOW -> attempt(loop, options, Negotiation.PLAINTEXT).exceptionallyCompose(e ->
                    causeOf(e, PgException.class) ? attempt(loop, options, Negotiation.TLS_ONLY)
                            : CompletableFuture.failedFuture(e));
            // prefer: TLS if offered; plaintext on a new socket if the TLS handshake fails
            case PREFER -> attempt(loop, options, Negotiation.TLS_IF_OFFERED).exceptionallyCompose(e ->
                    causeOf(e, SSLHandshakeException.class) ? attempt(loop, options, Negotiation.PLAINTEXT)
                            : CompletableFuture.failedFuture(e));
            case REQUIRE, VERIFY_CA, VERIFY_FULL -> attempt(loop, options, Negotiation.TLS_ONLY);
        };
    }

    private static boolean causeOf(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static CompletableFuture<PgConnection> attempt(EventLoop loop, PgConnectOptions options,
                                                           Negotiation negotiation) {
        PgConnection c = new PgConnection(loop, options);
        ConnectionHandler first;
        try {
            first = negotiation == Negotiation.PLAINTEXT ? c.wire
                    : new PgSslRequest(c.wire, options, negotiation == Negotiation.TLS_IF_OFFERED,
                    new PgSslRequest.Outcome() {
                        @Override
                        public void opened(Channel socket) {
                            c.connection = socket;
                            c.startConnectTimer();
                        }

                        @Override
                        public void negotiated(Channel channel) {
                            c.connection = channel;
                        }

                        @Override
                        public void refused(Throwable why) {
                            c.fatal(why);
                        }
                    });
        } catch (IllegalArgumentException | IllegalStateException e) {
            return CompletableFuture.failedFuture(e); // TLS options: files missing, unreadable, wrong passphrase
        }
        loop.connect(options.address(), first).whenComplete((connection, failure) -> {
            if (failure != null) {
                c.connected.completeExceptionally(new PgConnectionClosedException("cannot connect to " + options
                        + ": " + failure.getMessage(), failure));
            }
        });
        return c.connected;
    }

    // ---------------------------------------------------------------- API

    public EventLoop loop() {
        return loop;
    }

    public PgConnectOptions options() {
        return options;
    }

    /**
     * Runs {@code sql} through the extended protocol with {@code params} ($1, $2, ...): prepared once per
     * connection and cached, parameters bound to the types the server inferred, results in binary.
     */
    public CompletableFuture<PgResult> query(String sql, Object... params) {
        if (PgSqlChecks.isClientCopy(sql)) {
            return CompletableFuture.failedFuture(PgSqlChecks.clientCopy());
        }
        if (params.length > PgSqlChecks.MAX_PARAMETERS) {
            return CompletableFuture.failedFuture(PgSqlChecks.tooManyParameters(params.length));
        }
        PgExtendedQuery command = new PgExtendedQuery(sql, params.clone(), options.limits(), PgCommand.Trace.NONE);
        submitAnywhere(command);
        return command.future;
    }

    /** Runs {@code sql} once per parameter set, in one round trip and one implicit transaction; rows affected per set. */
    public CompletableFuture<long[]> batch(String sql, List<Object[]> parameterSets) {
        if (PgSqlChecks.isClientCopy(sql)) {
            return CompletableFuture.failedFuture(PgSqlChecks.clientCopy());
        }
        if (parameterSets.isEmpty()) {
            return CompletableFuture.completedFuture(new long[0]);
        }
        for (Object[] set : parameterSets) {
            if (set.length > PgSqlChecks.MAX_PARAMETERS) {
                return CompletableFuture.failedFuture(PgSqlChecks.tooManyParameters(set.length));
            }
        }
        PgExtendedQuery command = new PgExtendedQuery(sql, List.copyOf(parameterSets), options.limits(), PgCommand.Trace.NONE);
        submitAnywhere(command);
        return command.batchFuture;
    }

    /**
     * Runs {@code sql} through the simple query protocol: several statements separated by semicolons may run
     * in one call (in one implicit transaction); no parameters; results in text. One result per statement.
     */
    public CompletableFuture<List<PgResult>> simpleQuery(String sql) {
        if (PgSqlChecks.isClientCopy(sql)) {
            return CompletableFuture.failedFuture(PgSqlChecks.clientCopy());
        }
        PgSimpleQuery command = new PgSimpleQuery(sql, options.limits(), PgCommand.Trace.NONE);
        submitAnywhere(command);
        return command.future;
    }

    /**
     * A large result in batches of {@code fetchSize} rows: {@code onBatch} gets each batch on the event loop
     * (the last one flagged, and empty when the row count is a multiple of the fetch size), and the next is
     * fetched when the stage it returns completes (back-pressure); completes with the row count. The
     * connection carries nothing else meanwhile.
     */
    public CompletableFuture<Long> stream(String sql, int fetchSize, Object[] params,
                                          java.util.function.BiFunction<PgRowSet, Boolean, ? extends java.util.concurrent.CompletionStage<?>> onBatch) {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be >= 1: " + fetchSize);
        }
        if (PgSqlChecks.isClientCopy(sql)) {
            return CompletableFuture.failedFuture(PgSqlChecks.clientCopy());
        }
        if (!statements.enabled()) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "streaming needs the statement cache (statementCacheSize > 0)"));
        }
        PgStream command = new PgStream(sql, params.clone(), fetchSize, options.limits(), onBatch::apply);
        submitAnywhere(command);
        return command.future;
    }

    /** A large result to iterate on a virtual thread, {@code fetchSize} rows at a time; see {@link PgRowStream}. */
    public PgRowStream stream(String sql, int fetchSize, Object... params) {
        return new PgRowStream(this, sql, fetchSize, params);
    }

    /**
     * {@code COPY ... FROM STDIN}, streamed from {@code data} (read on a virtual thread, sent as the connection
     * takes it); completes with the rows copied. A read failure aborts the COPY (CopyFail): nothing is
     * stored. Run it on a connection of its own ({@link PgClient#withConnectionAsync}).
     */
    public CompletableFuture<Long> copyIn(String sql, java.io.InputStream data) {
        PgCopy.In command = new PgCopy.In(sql, data);
        submitAnywhere(command);
        return command.future;
    }

    /**
     * {@code COPY ... TO STDOUT}, streamed into {@code data} (written on a virtual thread; the server waits
     * while the writer lags); completes with the rows copied once everything is written.
     */
    public CompletableFuture<Long> copyOut(String sql, java.io.OutputStream data) {
        PgCopy.Out command = new PgCopy.Out(sql, data);
        submitAnywhere(command);
        return command.future;
    }

    /**
     * Asks the server to cancel what this connection runs now (a CancelRequest on a new connection, as the
     * protocol wants). The cancelled command fails with 57014 if it was still running; if it had finished,
     * nothing happens. Completes when the server has taken the request, or fails after connectTimeoutMillis.
     */
    public CompletableFuture<Void> cancel() {
        return PgCancel.send(loop, options, processId, secretKey, tlsVersion != null);
    }

    /** The server's settings as reported by ParameterStatus ({@code server_version}, {@code TimeZone}, ...). */
    public Map<String, String> serverParameters() {
        return onLoop(async::serverParameters);
    }

    /** The transaction status of the last ReadyForQuery: {@code 'I'} idle, {@code 'T'} in a transaction, {@code 'E'} failed. */
    public char transactionStatus() {
        return (char) transactionStatus;
    }

    /** The TLS version of the connection ("TLSv1.3"), or null when it is not encrypted. */
    public String tlsVersion() {
        return tlsVersion;
    }

    /** Whether authentication was bound to the TLS channel (SCRAM-SHA-256-PLUS with tls-server-end-point). */
    public boolean isChannelBound() {
        return channelBound;
    }

    /** The backend's process ID (for {@code pg_terminate_backend}, logs). */
    public int processId() {
        return processId;
    }

    /** Receives NoticeResponses (by default they are logged at DEBUG). */
    public void noticeHandler(Consumer<PgError> handler) {
        async.noticeHandler(handler);
    }

    /** Receives NOTIFY messages for the channels this connection LISTENs to. */
    public void notificationHandler(PgNotificationHandler handler) {
        async.notificationHandler(handler);
    }

    /** Whether the connection is ready for commands (not closing, not closed). */
    public boolean isOpen() {
        return state == State.READY || state == State.AUTHENTICATING || state == State.CONNECTING;
    }

    /**
     * Set by the pool that owns this connection (which then also decides when it closes at shutdown): called on
     * the loop after each command completes, and once when the connection closes.
     */
    void listeners(Runnable commandDone, Runnable closed) {
        this.commandDoneListener = commandDone;
        this.closeListener = closed;
        this.owner = Owner.POOL;
    }

    /** Commands written and not yet answered, plus those waiting to be written. */
    int pending() {
        return inflight.size() + waiting.size();
    }

    /** Sends Terminate and closes; commands still pending fail. Idempotent, any thread. */
    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(this::close);
            } catch (RejectedExecutionException e) {
                // the loop is gone, and the connection with it
            }
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (connection != null && connection.isOpen()) {
            out.terminate();
            flushOut();
            connection.close();
        }
        closed(new PgConnectionClosedException("the connection was closed", null));
    }

    // ---------------------------------------------------------------- commands (loop thread)

    private void submitAnywhere(PgCommand command) {
        if (loop.inEventLoop()) {
            submit(command);
            return;
        }
        try {
            loop.execute(() -> submit(command));
        } catch (RejectedExecutionException e) {
            command.fail(new PgConnectionClosedException("the event loop has stopped", e));
        }
    }

    void submit(PgCommand command) {
        if (state == State.CLOSED) {
            command.fail(new PgConnectionClosedException("the connection is closed", closeCause));
            return;
        }
        if (state != State.READY || holding || !waiting.isEmpty()) {
            waiting.add(command);
            return;
        }
        write(command);
    }

    /**
     * Puts a command back at the end of the line (a retry), at once: it counts as pending before its first try
     * is taken off, so the pool cannot lease the connection to someone else in between (the retry would run
     * inside their transaction). It is written when the first try's ReadyForQuery has been handled.
     */
    void resubmit(PgCommand command) {
        if (state == State.CLOSED) {
            command.fail(new PgConnectionClosedException("the connection is closed", closeCause));
            return;
        }
        waiting.add(command);
    }

    private void write(PgCommand command) {
        int mark = out.size();
        statements.beginWrite();
        try {
            command.write(this);
        } catch (RuntimeException e) {
            // Nothing of the refused command stays: its bytes, the line it held, the statement it added to the
            // cache; a statement it pushed out of the cache is still closed on the server.
            out.truncate(mark);
            holding = false;
            statements.undoWrite();
            command.fail(e);
            return;
        }
        inflight.add(command);
        flushOut();
    }

    /** Writes waiting commands until one holds the line (a statement to describe) or none is left. */
    void writeWaiting() {
        while (state == State.READY && !holding && !waiting.isEmpty()) {
            write(waiting.poll());
        }
    }

    PgMessageWriter out() {
        return out;
    }

    /** Moves what the writer holds into the connection's output; sent at the end of the loop turn. */
    void flushOut() {
        if (out.size() > 0 && connection != null && connection.isOpen()) {
            connection.write(out.segment(), 0, out.size());
            connection.flush();
        }
        out.clear();
    }

    /** The pool lends this connection to one caller. */
    void lease() {
        owner = Owner.LEASED;
    }

    /** The pool takes this connection back from its caller. */
    void endLease() {
        owner = Owner.POOL;
        closeIfIdle();
    }

    /** Closes the connection if the loop is shutting down and nothing needs it any more. */
    private void closeIfIdle() {
        if (closeWhenIdle && pending() == 0 && owner != Owner.LEASED) {
            close();
        }
    }

    void hold() {
        holding = true;
    }

    boolean isWritable() {
        return connection != null && connection.isWritable();
    }

    long pendingOutboundBytes() {
        return connection == null ? 0 : connection.pendingOutboundBytes();
    }

    /** A CopyData message: the header through the writer, the payload copied once, straight into the output. */
    void writeCopyData(byte[] data, int length) {
        out.int8('d');
        out.int32(length + 4);
        flushOut();
        if (connection != null && connection.isOpen()) {
            connection.write(MemorySegment.ofArray(data), 0, length);
            connection.flush();
        }
    }

    void pauseReading() {
        if (connection != null && connection.isOpen()) {
            connection.pauseReading();
        }
    }

    void resumeReading() {
        if (connection != null && connection.isOpen()) {
            connection.resumeReading();
        }
    }

    void release() {
        holding = false;
    }

    /** The prepared statements of this connection. */
    PgStatementCache statements() {
        return statements;
    }

    // ---------------------------------------------------------------- lifecycle (loop thread)

    private void opened(Channel c) {
        connection = c;
        state = State.AUTHENTICATING;
        authentication = PgAuthentication.create(options.user(), options.password(),
                options.limits().maxScramIterations(), channelBinding(c));
        out.startup(options.startupParameters());
        flushOut();
        startConnectTimer();
    }

    /** What SCRAM can bind to on {@code c}, as {@code channel_binding} asks. */
    private ChannelBinding channelBinding(Channel c) {
        PgChannelBinding wanted = options.ssl().channelBinding();
        if (!(c instanceof TlsChannel tls)) {
            return wanted == PgChannelBinding.REQUIRE
                    ? new ChannelBinding.Unavailable("the connection is not encrypted") : ChannelBinding.NONE;
        }
        tlsVersion = tls.protocolVersion();
        if (wanted == PgChannelBinding.DISABLE) {
            return ChannelBinding.NONE;
        }
        byte[] hash = PgTlsServerEndPoint.hash(tls.peerCertificate());
        if (hash == null) {
            return wanted == PgChannelBinding.REQUIRE ? new ChannelBinding.Unavailable("the server certificate's "
                    + "signature algorithm defines no tls-server-end-point hash") : ChannelBinding.NONE;
        }
        return new ChannelBinding.TlsServerEndPoint(hash, wanted == PgChannelBinding.REQUIRE);
    }

    /** The deadline for start-up: from the socket's opening (before SSLRequest) to ReadyForQuery. */
    private void startConnectTimer() {
        if (connectTimer != null) {
            return;
        }
        connectTimer = loop.schedule(() -> {
            if (state == State.CONNECTING || state == State.AUTHENTICATING) {
                fatal(new PgConnectionClosedException("no ReadyForQuery within " + options.connectTimeoutMillis()
                        + " ms (connectTimeoutMillis)", new TimeoutException()));
            }
        }, options.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void ready() {
        state = State.READY;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        connected.complete(this);
        writeWaiting();
    }

    /** A failure the connection cannot survive: abort it; every command fails with {@code cause}. */
    private void fatal(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "PostgreSQL connection failed", cause);
        if (connection != null) {
            connection.abort();
        }
        closed(cause);
    }

    private void closed(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeCause = cause;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        connected.completeExceptionally(cause);
        List<PgCommand> pending = new ArrayList<>(inflight);
        pending.addAll(waiting);
        inflight.clear();
        waiting.clear();
        for (PgCommand command : pending) {
            command.fail(cause instanceof PgConnectionClosedException ? cause
                    : new PgConnectionClosedException("the connection failed: " + cause.getMessage(), cause));
        }
        Runnable listener = closeListener;
        if (listener != null) {
            listener.run();
        }
    }

    private <T> T onLoop(java.util.function.Supplier<T> work) {
        if (loop.inEventLoop()) {
            return work.get();
        }
        try {
            return CompletableFuture.supplyAsync(work, loop).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public String toString() {
        return "PgConnection[" + options + ", pid " + processId + "]";
    }

    // ---------------------------------------------------------------- the wire (loop thread)

    /**
     * The connection handler and backend sink (command responses go through {@link PgResponseRouter}): private,
     * so their callbacks are not part of the API.
     */
    private final class Wire extends PgResponseRouter implements ConnectionHandler {

        @Override
        PgCommand head() {
            return inflight.peek();
        }

        @Override
        PgConnection connection() {
            return PgConnection.this;
        }

        @Override
        public void onOpen(Channel c) {
            opened(c);
        }

        @Override
        public int onRead(Channel c, MemorySegment data, long offset, int length) {
            try {
                return (int) (parser.parse(data, offset, offset + length, this, null) - offset);
            } catch (PgProtocolException | PgException e) {
                fatal(e);
            } catch (RuntimeException e) {
                fatal(new PgProtocolException("client_error", "failed handling a backend message: " + e));
                LOG.log(System.Logger.Level.WARNING, "PostgreSQL client failed on a backend message", e);
            }
            return length;
        }

        @Override
        public void onShutdown(Channel c) {
            if (owner != Owner.CALLER) {
                return; // the pool drains its connections: requests still in flight may need them
            }
            // The event loop stops: finish what is pending (in-flight requests may need it), then Terminate.
            closeWhenIdle = true;
            closeIfIdle();
        }

        @Override
        public void onWritable(Channel c) {
            if (inflight.peek() instanceof PgCopy.In copy) {
                copy.writable();
            }
        }

        @Override
        public void onClose(Channel c, Throwable cause) {
            if (cause instanceof SSLHandshakeException) {
                closed(new PgConnectionClosedException(cause.getMessage(), cause));
                return;
            }
            closed(new PgConnectionClosedException("the server closed the connection"
                    + (cause == null ? "" : ": " + cause.getMessage()), cause));
        }

        // ---- startup and authentication

        @Override
        public void onAuthentication(int code, MemorySegment s, long offset, int length) {
            authentication.onAuthentication(code, s, offset, length).writeTo(out);
            if (authentication.state() == PgAuthentication.State.SASL_CONTINUE) {
                channelBound = authentication.isChannelBound();
            }
            flushOut();
        }

        @Override
        public void onParameterStatus(String name, String value) {
            async.parameterStatus(name, value);
        }

        @Override
        public void onBackendKeyData(int pid, int key) {
            processId = pid;
            secretKey = key;
        }

        @Override
        public void onNegotiateProtocolVersion(int newestMinor, String[] unrecognizedOptions) {
            LOG.log(System.Logger.Level.INFO, "PostgreSQL speaks protocol 3." + newestMinor
                    + "; options it ignored: " + Arrays.toString(unrecognizedOptions));
        }

        // ---- every state

        @Override
        public void onReadyForQuery(byte status) {
            transactionStatus = status;
            if (state == State.AUTHENTICATING) {
                authentication.onReadyForQuery(); // refused before AuthenticationOk
                ready();
                return;
            }
            PgCommand command = current("ReadyForQuery");
            if (command.readyForQuery(PgConnection.this, status)) {
                if (inflight.peek() == command) {
                    inflight.poll();
                }
                writeWaiting(); // a retry queued by the command, if any
                Runnable listener = commandDoneListener;
                if (listener != null) {
                    listener.run();
                }
                closeIfIdle();
            }
        }

        @Override
        public void onError(PgError error) {
            if (state == State.AUTHENTICATING) {
                fatal(new PgException(error)); // wrong password, unknown database, too many connections...
                return;
            }
            String severity = error.severity();
            PgCommand command = inflight.peek();
            if (command == null || "FATAL".equals(severity) || "PANIC".equals(severity)) {
                // For example 57P01 (administrator command) or 57P02: the server is closing the connection.
                if (command != null) {
                    command.error(error);
                }
                fatal(new PgException(error));
                return;
            }
            command.error(error);
        }

        @Override
        public void onNotice(PgError notice) {
            async.notice(notice);
        }

        @Override
        public void onNotification(int pid, String channel, String payload) {
            async.notification(pid, channel, payload);
        }
    }
}
