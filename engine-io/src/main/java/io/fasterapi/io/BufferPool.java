package io.fasterapi.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * An event loop's pool of off-heap buffers in power-of-two size classes from 512 bytes to 256 KiB, carved
 * from slabs of one shared arena that lives as long as the loop. Buffers come back to the pool on release
 * and are reused, so steady-state traffic allocates nothing.
 *
 * <p>Limits: at most {@code maxPooledBytes} of slabs (default 64 MiB per loop); beyond that, and for requests
 * larger than 256 KiB, buffers are allocated outside the pool and freed by the garbage collector after
 * release. {@link #outstandingBuffers()} counts buffers taken and not yet released: zero once every
 * connection is closed, which is what the leak tests check.
 *
 * <p>Owned by one event loop thread. Allocation on another thread gets a buffer outside the pool; release on
 * another thread is handed to the loop.
 */
public final class BufferPool {
    static final int MIN_CLASS_SHIFT = 9;
    static final int MAX_CLASS_SHIFT = 18;
    /** Largest pooled buffer: 256 KiB. */
    public static final int MAX_POOLED_CAPACITY = 1 << MAX_CLASS_SHIFT;
    private static final int CLASSES = MAX_CLASS_SHIFT - MIN_CLASS_SHIFT + 1;
    private static final long MIN_SLAB_BYTES = 256 * 1024;

    private final long maxPooledBytes;
    private final Executor owner;
    private volatile Thread ownerThread;
    private final Arena arena = Arena.ofShared();
    private final IoBuffer[][] free = new IoBuffer[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private long pooledBytes;
    private long outstanding;
    private boolean closed;

    /**
     * @param maxPooledBytes most slab memory this pool may hold
     * @param owner          runs releases that happen on other threads on the owning thread
     */
    public BufferPool(long maxPooledBytes, Executor owner) {
        if (maxPooledBytes < 0) {
            throw new IllegalArgumentException("maxPooledBytes must be >= 0: " + maxPooledBytes);
        }
        this.maxPooledBytes = maxPooledBytes;
        this.owner = owner;
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new IoBuffer[16];
        }
    }

    /** Binds the pool to the thread that owns it (the event loop calls this once it runs). */
    void bindToCurrentThread() {
        ownerThread = Thread.currentThread();
    }

    private boolean onOwnerThread() {
        Thread t = ownerThread;
        return t == null || t == Thread.currentThread();
    }

    /** A cleared buffer with at least {@code minCapacity} bytes. */
    public IoBuffer allocate(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + minCapacity);
        }
        if (!onOwnerThread() || closed) {
            return unpooled(minCapacity, false);
        }
        if (minCapacity > MAX_POOLED_CAPACITY) {
            outstanding++;
            return unpooled(minCapacity, true);
        }
        int sizeClass = sizeClass(minCapacity);
        if (freeCount[sizeClass] == 0 && !grow(sizeClass)) {
            outstanding++;
            return unpooled(minCapacity, true);
        }
        IoBuffer buffer = free[sizeClass][--freeCount[sizeClass]];
        free[sizeClass][freeCount[sizeClass]] = null;
        buffer.markReleased(false);
        outstanding++;
        return buffer;
    }

    /** A buffer the garbage collector frees; {@code tracked} ones count as outstanding until released. */
    private IoBuffer unpooled(int capacity, boolean tracked) {
        IoBuffer buffer = new IoBuffer(Arena.ofAuto().allocate(Math.max(capacity, 1), 8), this, -1, tracked);
        buffer.markReleased(false);
        return buffer;
    }

    static int sizeClass(int capacity) {
        int shift = Math.max(MIN_CLASS_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(capacity, 1) - 1));
        return shift - MIN_CLASS_SHIFT;
    }

    static int classCapacity(int sizeClass) {
        return 1 << (sizeClass + MIN_CLASS_SHIFT);
    }

    private boolean grow(int sizeClass) {
        int capacity = classCapacity(sizeClass);
        long slabBytes = Math.max(4L * capacity, MIN_SLAB_BYTES);
        if (pooledBytes + slabBytes > maxPooledBytes) {
            return false;
        }
        MemorySegment slab = arena.allocate(slabBytes, 64);
        pooledBytes += slabBytes;
        int count = (int) (slabBytes / capacity);
        ensureFreeCapacity(sizeClass, freeCount[sizeClass] + count);
        for (int i = 0; i < count; i++) {
            IoBuffer buffer = new IoBuffer(slab.asSlice((long) i * capacity, capacity), this, sizeClass, true);
            buffer.markReleased(true);
            free[sizeClass][freeCount[sizeClass]++] = buffer;
        }
        return true;
    }

    private void ensureFreeCapacity(int sizeClass, int needed) {
        if (free[sizeClass].length < needed) {
            free[sizeClass] = Arrays.copyOf(free[sizeClass], Math.max(needed, free[sizeClass].length * 2));
        }
    }

    void release(IoBuffer buffer) {
        if (!buffer.tracked) {
            buffer.markReleased(true);
            return;
        }
        if (!onOwnerThread()) {
            owner.execute(() -> release(buffer));
            return;
        }
        if (buffer.isReleased()) {
            throw new IllegalStateException("buffer released twice");
        }
        buffer.markReleased(true);
        outstanding--;
        if (buffer.sizeClass < 0 || closed) {
            return;
        }
        int c = buffer.sizeClass;
        ensureFreeCapacity(c, freeCount[c] + 1);
        free[c][freeCount[c]++] = buffer;
    }

    /** Buffers taken from this pool and not yet released. */
    public long outstandingBuffers() {
        return outstanding;
    }

    /** Slab memory held by the pool. */
    public long pooledBytes() {
        return pooledBytes;
    }

    /** Frees all slabs; buffers still outstanding become unusable (access throws instead of corrupting). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < CLASSES; i++) {
            Arrays.fill(free[i], null);
            freeCount[i] = 0;
        }
        arena.close();
    }
}
