package io.fasterapi.pg.client;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * COPY through the simple query protocol, streamed both ways with back-pressure.
 *
 * <p>{@code COPY ... FROM STDIN} ({@link In}): a virtual thread reads the caller's InputStream in chunks of
 * {@link #CHUNK_BYTES}; each chunk goes out as CopyData, and the reader waits while the connection's output is
 * above its high water mark. End of stream sends CopyDone; a read error sends CopyFail with its message (the
 * server answers 57014 and nothing is committed); a server error (a bad row) stops the reader.
 *
 * <p>{@code COPY ... TO STDOUT} ({@link Out}): CopyData chunks are handed to a virtual thread that writes the
 * caller's OutputStream; while more than {@link #MAX_QUEUED_BYTES} wait, the connection stops reading, so the
 * server waits too. A write error drops the rest of the data and fails the result.
 *
 * <p>Both hold the connection's line: nothing else is written on it until the COPY ends.
 */
final class PgCopy {
    static final int CHUNK_BYTES = 64 * 1024;
    /** COPY data the reader may have written and the kernel not yet taken before it waits. */
    static final int MAX_PENDING_COPY_BYTES = 1024 * 1024;
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    private static final int RESUME_BELOW_BYTES = 1024 * 1024;

    private PgCopy() {}

    /** COPY FROM STDIN. */
    /** What both directions share: the COPY statement, sent as a simple query that holds the line. */
    private abstract static class CopyCommand extends PgCommand {
        private final String sql;
        final CompletableFuture<Long> future = new CompletableFuture<>();
        PgConnection connection;

        CopyCommand(String sql) {
            super(Trace.NONE);
            this.sql = sql;
        }

        @Override
        final void write(PgConnection c) {
            connection = c;
            c.out().query(sql);
            c.hold();
        }
    }

    static final class In extends CopyCommand {
        private final InputStream data;
        private long rows;
        /** Set on the loop when the server failed the COPY: the reader stops. */
        private volatile boolean stopped;
        /** The reader's chunk waiting for room in the output, completed on the loop. */
        private CompletableFuture<Void> room;

        In(String sql, InputStream data) {
            super(sql);
            this.data = data;
        }

        @Override
        void copyResponse(PgConnection c, byte kind, int format, int columns) {
            if (kind != 'G') {
                throw unexpected("COPY TO in copyIn(): use copyOut()");
            }
            Thread.ofVirtual().name("fasterapi-pg-copy-in").start(this::pump);
        }

        /**
         * On the virtual thread: stream the InputStream out. Two buffers: the next chunk is read while the loop
         * copies the previous one out; the reader waits for that copy (and for room) before sending more.
         */
        private void pump() {
            byte[] buffer = new byte[CHUNK_BYTES];
            byte[] spare = new byte[CHUNK_BYTES];
            CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
            try {
                while (!stopped) {
                    int n = data.readNBytes(buffer, 0, buffer.length);
                    previous.join();
                    if (n == 0) {
                        break;
                    }
                    byte[] chunk = buffer;
                    CompletableFuture<Void> written = new CompletableFuture<>();
                    connection.loop().execute(() -> send(chunk, n, written));
                    previous = written;
                    buffer = spare;
                    spare = chunk;
                    if (n < CHUNK_BYTES) {
                        break;
                    }
                }
                previous.join();
                connection.loop().execute(this::done);
            } catch (IOException | RuntimeException e) {
                String reason = "client failed reading the COPY data: " + e;
                connection.loop().execute(() -> abort(reason));
            }
        }

        /**
         * On the loop: one chunk out (copied once, into the connection's output); {@code written} completes
         * once the reader may reuse the chunk and go on: at once while less than
         * {@link #MAX_PENDING_COPY_BYTES} wait for the kernel, else when the output drains.
         */
        private void send(byte[] chunk, int length, CompletableFuture<Void> written) {
            if (stopped) {
                written.complete(null);
                return;
            }
            connection.writeCopyData(chunk, length);
            // Parked only while the connection is also above its high water mark: onWritable wakes it then.
            if (connection.pendingOutboundBytes() < MAX_PENDING_COPY_BYTES || connection.isWritable()) {
                written.complete(null);
            } else {
                room = written;
            }
        }

        /** The connection drained below its low water mark. */
        void writable() {
            CompletableFuture<Void> waiting = room;
            room = null;
            if (waiting != null) {
                waiting.complete(null);
            }
        }

        private void done() {
            if (!stopped) {
                connection.out().copyDone();
                connection.flushOut();
            }
        }

        private void abort(String reason) {
            if (!stopped) {
                connection.out().copyFail(reason);
                connection.flushOut();
            }
        }

        @Override
        void commandComplete(String tag) {
            rows = PgResult.rowsAffected(tag);
        }

        @Override
        void error(io.fasterapi.pg.protocol.PgError e) {
            super.error(e);
            stopped = true;
            writable();
        }

        @Override
        boolean readyForQuery(PgConnection c, byte status) {
            stopped = true;
            writable();
            c.release();
            if (error != null) {
                future.completeExceptionally(exception());
            } else {
                future.complete(rows);
            }
            c.writeWaiting();
            return true;
        }

        @Override
        void fail(Throwable cause) {
            stopped = true;
            writable();
            future.completeExceptionally(cause);
        }
    }

    /** COPY TO STDOUT. */
    static final class Out extends CopyCommand {
        private static final byte[] END = new byte[0];
        private final OutputStream data;
        private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private final AtomicLong queuedBytes = new AtomicLong();
        private boolean paused;
        private long rows;
        private volatile IOException writeFailure;
        private Thread writer;

        Out(String sql, OutputStream data) {
            super(sql);
            this.data = data;
        }

        @Override
        void copyResponse(PgConnection c, byte kind, int format, int columns) {
            if (kind != 'H') {
                // COPY FROM STDIN here: refuse, the server then fails the command.
                c.out().copyFail("COPY FROM STDIN in copyOut(): use copyIn()");
                c.flushOut();
                return;
            }
            writer = Thread.ofVirtual().name("fasterapi-pg-copy-out").start(this::drain);
        }

        @Override
        void copyData(MemorySegment s, long body, int length) {
            if (writeFailure != null) {
                return; // the caller's stream failed: drop the rest
            }
            queue.add(s.asSlice(body, length).toArray(ValueLayout.JAVA_BYTE));
            if (queuedBytes.addAndGet(length) > MAX_QUEUED_BYTES && !paused) {
                paused = true;
                connection.pauseReading();
            }
        }

        /** On the virtual thread: write the chunks as they come. */
        private void drain() {
            try {
                while (true) {
                    byte[] chunk = queue.take();
                    if (chunk == END) {
                        data.flush();
                        return;
                    }
                    if (writeFailure == null) {
                        try {
                            data.write(chunk);
                        } catch (IOException e) {
                            writeFailure = e;
                        }
                    }
                    if (queuedBytes.addAndGet(-chunk.length) < RESUME_BELOW_BYTES) {
                        connection.loop().execute(this::resume);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                writeFailure = e;
            }
        }

        private void resume() {
            if (paused && queuedBytes.get() < RESUME_BELOW_BYTES) {
                paused = false;
                connection.resumeReading();
            }
        }

        @Override
        void copyDone() {
            // CommandComplete follows
        }

        @Override
        void commandComplete(String tag) {
            rows = PgResult.rowsAffected(tag);
        }

        @Override
        boolean readyForQuery(PgConnection c, byte status) {
            c.release();
            if (paused) {
                paused = false;
                c.resumeReading();
            }
            Thread w = writer;
            queue.add(END);
            PgException failure = error != null ? exception() : null;
            long count = rows;
            // Complete once every chunk is written (off the loop: writing may block).
            Thread.ofVirtual().start(() -> {
                try {
                    if (w != null) {
                        w.join();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failure != null) {
                    future.completeExceptionally(failure);
                } else if (writeFailure != null) {
                    future.completeExceptionally(writeFailure);
                } else {
                    future.complete(count);
                }
            });
            c.writeWaiting();
            return true;
        }

        @Override
        void fail(Throwable cause) {
            queue.add(END);
            future.completeExceptionally(cause);
        }
    }
}
