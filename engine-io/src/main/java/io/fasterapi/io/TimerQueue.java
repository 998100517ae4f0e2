package io.fasterapi.io;

import java.util.Arrays;

/**
 * A binary min-heap of {@link Timer}s ordered by deadline, then by scheduling order. Insert, cancel and
 * reschedule are O(log n) and allocate nothing (timers keep their heap index); the earliest deadline is
 * O(1), so a loop sleeps exactly until its next timer instead of ticking.
 *
 * <p>Why a heap and not a hashed wheel: a wheel ticks (wake-ups every tick while any timer is pending,
 * which with 10,000 idle connections is every tick), while the heap wakes the loop only when a timer is
 * due. Protocols keep one timer per connection and re-arm it lazily when it fires (compare the
 * connection's last activity), so heap operations happen per timeout, not per request.
 *
 * <p>Owned by one event loop; not thread-safe.
 */
final class TimerQueue {
    private Timer[] heap = new Timer[64];
    private int size;
    private long sequence;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Earliest deadline, or {@link Long#MAX_VALUE} when empty. */
    long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNanos;
    }

    void schedule(Timer timer, long deadlineNanos) {
        if (timer.heapIndex >= 0) {
            remove(timer);
        }
        timer.deadlineNanos = deadlineNanos;
        timer.sequence = sequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        timer.heapIndex = size;
        heap[size++] = timer;
        siftUp(timer.heapIndex);
    }

    void remove(Timer timer) {
        int i = timer.heapIndex;
        if (i < 0) {
            return;
        }
        timer.heapIndex = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    /** Removes and returns the earliest timer if it is due at {@code nowNanos}, else {@code null}. */
    Timer pollDue(long nowNanos) {
        if (size == 0 || heap[0].deadlineNanos - nowNanos > 0) {
            return null;
        }
        Timer first = heap[0];
        remove(first);
        return first;
    }

    private static boolean before(Timer a, Timer b) {
        long d = a.deadlineNanos - b.deadlineNanos;
        return d < 0 || (d == 0 && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
