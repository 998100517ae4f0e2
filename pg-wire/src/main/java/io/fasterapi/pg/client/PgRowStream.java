package io.fasterapi.pg.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The rows of a large result, fetched {@code fetchSize} at a time while the caller iterates: for virtual
 * threads (iterating blocks until the next batch is there). At most two batches are in memory. Close it to
 * stop early; the connection carries nothing else until the stream ends or is closed.
 *
 * <pre>{@code
 * try (PgRowStream rows = connection.stream("SELECT * FROM events WHERE day = $1", 1000, day)) {
 *     for (PgRow row : rows) { ... }
 * }
 * }</pre>
 */
public final class PgRowStream implements Iterable<PgRow>, AutoCloseable {
    private record Batch(PgRowSet rows, boolean last, CompletableFuture<Void> ack) {}

    /** Queued once the stream has ended well (a failure is queued as itself). */
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> batches = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> done;
    private Batch current;
    private int index;
    private boolean iterated;
    private boolean finished;

    PgRowStream(PgConnection connection, String sql, int fetchSize, Object[] params) {
        done = connection.stream(sql, fetchSize, params, (rows, last) -> {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            batches.add(new Batch(rows, last, ack));
            return ack;
        });
        done.whenComplete((count, failure) -> batches.add(failure != null ? failure : END));
    }

    @Override
    public Iterator<PgRow> iterator() {
        if (iterated) {
            throw new IllegalStateException("a row stream is read once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (current == null || index >= current.rows().size()) {
                    if (finished || (current != null && current.last())) {
                        finished = true;
                        if (current != null) {
                            current.ack().complete(null); // the stream may end now
                        }
                        return false;
                    }
                    if (current != null) {
                        current.ack().complete(null); // fetch the next batch
                    }
                    Object next;
                    try {
                        next = batches.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for rows", e);
                    }
                    if (next instanceof Throwable failure) {
                        finished = true;
                        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
                    }
                    if (next == END) {
                        finished = true;
                        current = null;
                        return false;
                    }
                    current = (Batch) next;
                    index = 0;
                }
                return true;
            }

            @Override
            public PgRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.rows().get(index++);
            }
        };
    }

    /** The rows the result had, once iteration is over (it waits for the stream to end); -1 before. */
    public long rowCount() {
        if (!finished) {
            return -1;
        }
        try {
            return done.join();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Stops the stream if it is not over, and waits until the connection is free again. */
    @Override
    public void close() {
        if (current != null) {
            stop(current);
            current = null;
        }
        // Batches not taken yet (the first may still be on its way): each is answered, so the stream ends.
        while (!done.isDone() || !batches.isEmpty()) {
            Object next;
            try {
                next = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next instanceof Batch b) {
                stop(b);
            } else {
                break; // END or the failure: over
            }
        }
        try {
            done.join();
        } catch (RuntimeException e) {
            // a cancellation, or the failure the iterator already reported
        }
    }

    private static void stop(Batch b) {
        if (b.last()) {
            b.ack().complete(null);
        } else {
            b.ack().completeExceptionally(new CancellationException("the row stream was closed"));
        }
    }
}
