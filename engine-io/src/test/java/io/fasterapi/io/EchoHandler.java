package io.fasterapi.io;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Echoes input with back-pressure: while the peer does not take our output ({@link Channel#isWritable()}
 * is false) it stops reading, so memory stays bounded by the high water mark plus one read.
 */
class EchoHandler implements ConnectionHandler {
    /** Largest pending output seen by any echo connection (for the back-pressure test). */
    static final AtomicLong MAX_PENDING = new AtomicLong();

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        c.write(data, offset, length);
        c.flush();
        long pending = c.pendingOutboundBytes();
        MAX_PENDING.accumulateAndGet(pending, Math::max);
        if (!c.isWritable()) {
            c.pauseReading();
        }
        return length;
    }

    @Override
    public void onWritable(Channel c) {
        c.resumeReading();
    }
}
