package io.fasterapi.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class TimerQueueTest {
    private record Entry(Timer timer, long deadline, long order) {}

    /** Random schedules, reschedules and cancels against a sorted reference list. */
    @Test
    void firesInDeadlineThenSchedulingOrderUnderRandomOperations() {
        Random random = new Random(2026);
        TimerQueue queue = new TimerQueue();
        List<Timer> timers = new ArrayList<>();
        List<Entry> reference = new ArrayList<>();
        long order = 0;
        for (int i = 0; i < 500; i++) {
            timers.add(new Timer(null, () -> {}));
        }
        for (int step = 0; step < 20_000; step++) {
            Timer t = timers.get(random.nextInt(timers.size()));
            if (random.nextInt(4) == 0) {
                queue.remove(t);
                reference.removeIf(e -> e.timer() == t);
            } else {
                long deadline = random.nextInt(50); // many equal deadlines: order must still be FIFO
                queue.schedule(t, deadline);
                reference.removeIf(e -> e.timer() == t);
                reference.add(new Entry(t, deadline, order++));
            }
        }
        reference.sort(Comparator.comparingLong(Entry::deadline).thenComparingLong(Entry::order));
        assertEquals(reference.size(), queue.size());
        for (Entry expected : reference) {
            Timer due = queue.pollDue(Long.MAX_VALUE / 2);
            assertEquals(expected.timer(), due);
            assertFalse(due.isScheduled());
        }
        assertNull(queue.pollDue(Long.MAX_VALUE / 2));
        assertEquals(Long.MAX_VALUE, queue.nextDeadline());
    }

    @Test
    void nothingIsDueBeforeItsDeadlineEvenAcrossNanoTimeWrap() {
        TimerQueue queue = new TimerQueue();
        Timer t = new Timer(null, () -> {});
        long nearWrap = Long.MAX_VALUE - 10;
        queue.schedule(t, nearWrap + 20); // wraps to a negative number
        assertNull(queue.pollDue(nearWrap));
        assertEquals(t, queue.pollDue(nearWrap + 25));
    }
}
