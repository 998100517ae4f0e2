package io.fasterapi.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private final List<Runnable> handedToOwner = new ArrayList<>();
    private final BufferPool pool = new BufferPool(4L * 1024 * 1024, handedToOwner::add);

    @Test
    void sizeClassesArePowersOfTwoFrom512() {
        assertEquals(0, BufferPool.sizeClass(0));
        assertEquals(0, BufferPool.sizeClass(512));
        assertEquals(1, BufferPool.sizeClass(513));
        assertEquals(5, BufferPool.sizeClass(16 * 1024));
        assertEquals(9, BufferPool.sizeClass(BufferPool.MAX_POOLED_CAPACITY));
        assertEquals(16 * 1024, BufferPool.classCapacity(BufferPool.sizeClass(10_000)));
    }

    @Test
    void releasedBuffersAreReusedNotReallocated() {
        IoBuffer first = pool.allocate(1000);
        assertEquals(1024, first.capacity());
        first.writeInt(42);
        first.release();
        IoBuffer second = pool.allocate(900);
        assertSame(first, second, "the pool must hand back the released buffer");
        assertEquals(0, second.readableBytes(), "a reused buffer starts empty");
        second.release();
        assertEquals(0, pool.outstandingBuffers());
    }

    @Test
    void outstandingCountsEveryBufferUntilReleased() {
        IoBuffer a = pool.allocate(100);
        IoBuffer b = pool.allocate(100_000);
        IoBuffer huge = pool.allocate(BufferPool.MAX_POOLED_CAPACITY + 1); // outside the pool, still counted
        assertEquals(3, pool.outstandingBuffers());
        a.release();
        b.release();
        huge.release();
        assertEquals(0, pool.outstandingBuffers());
    }

    @Test
    void releasingTwiceIsAnError() {
        IoBuffer a = pool.allocate(10);
        a.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, a::release);
        assertTrue(e.getMessage().contains("twice"));
    }

    @Test
    void poolStopsGrowingAtItsLimitAndStillServes() {
        BufferPool small = new BufferPool(256 * 1024, Runnable::run);
        List<IoBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            taken.add(small.allocate(16 * 1024)); // 1.6 MB asked of a 256 KiB pool
        }
        assertTrue(small.pooledBytes() <= 256 * 1024, "pooled " + small.pooledBytes());
        assertEquals(100, small.outstandingBuffers());
        taken.forEach(IoBuffer::release);
        assertEquals(0, small.outstandingBuffers());
    }

    @Test
    void otherThreadsGetUntrackedBuffersAndTheirReleasesHopToTheOwner() throws Exception {
        pool.bindToCurrentThread();
        IoBuffer owned = pool.allocate(64);
        AtomicReference<IoBuffer> fromOtherThread = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            fromOtherThread.set(pool.allocate(64));
            fromOtherThread.get().release(); // untracked: released in place
            owned.release(); // tracked: handed to the owner
        });
        t.join();
        assertEquals(1, handedToOwner.size());
        assertEquals(1, pool.outstandingBuffers(), "not released until the owner runs the hand-off");
        handedToOwner.forEach(Runnable::run);
        assertEquals(0, pool.outstandingBuffers());
    }

    @Test
    void closedPoolMakesOutstandingBuffersUnusableInsteadOfCorrupting() {
        IoBuffer leaked = pool.allocate(64);
        pool.close();
        assertThrows(IllegalStateException.class, () -> leaked.writeInt(1));
    }
}
