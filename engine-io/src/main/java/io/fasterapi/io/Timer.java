package io.fasterapi.io;

/**
 * A timer owned by an event loop: a task and a deadline. The caller owns the object and may schedule it
 * again and again ({@link EventLoop#schedule(Timer, long)}), so idle and deadline timeouts allocate nothing
 * per request. Timers fire on the loop thread in deadline order; timers with the same deadline fire in
 * the order they were scheduled.
 *
 * <p>Not thread-safe: schedule and cancel on the owning loop thread.
 */
public final class Timer {
    private final EventLoop loop;
    private final Runnable task;
    long deadlineNanos;
    long sequence;
    /** Position in the loop's heap, or -1 when not scheduled. */
    int heapIndex = -1;

    Timer(EventLoop loop, Runnable task) {
        this.loop = loop;
        this.task = task;
    }

    /** Whether the timer is scheduled and has not fired. */
    public boolean isScheduled() {
        return heapIndex >= 0;
    }

    /** The deadline in {@link System#nanoTime()} units; meaningful while scheduled. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Unschedules the timer; does nothing when it is not scheduled. Loop thread only. */
    public void cancel() {
        loop.cancelTimer(this);
    }

    void fire() {
        task.run();
    }
}
