package io.fasterapi.io.socket;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Slots for a loop's connections, so a completion or an epoll event can name its connection by a small
 * integer. Each slot has a generation that changes when the slot is freed: an event for a closed connection
 * carries the old generation and {@link #get} ignores it, even if the slot was reused since.
 *
 * <p>Owned by one event loop; not thread-safe.
 */
public final class ConnectionTable<C extends SocketConnection> {
    private final int maxSlots;
    private Object[] connections = new Object[64];
    private int[] generations = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int highWater;
    private int size;

    public ConnectionTable(int maxSlots) {
        this.maxSlots = maxSlots;
    }

    /** Puts {@code connection} in a free slot and returns the slot, or -1 when {@code maxSlots} are taken. */
    public int add(C connection) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (highWater == maxSlots) {
                return -1;
            }
            slot = highWater++;
            if (slot == connections.length) {
                int n = Math.min(maxSlots, connections.length * 2);
                connections = Arrays.copyOf(connections, n);
                generations = Arrays.copyOf(generations, n);
            }
        }
        connections[slot] = connection;
        size++;
        return slot;
    }

    public int generation(int slot) {
        return generations[slot];
    }

    /** The connection in {@code slot} if its generation matches (24 bits are compared), else null. */
    @SuppressWarnings("unchecked")
    public C get(int slot, int generation) {
        if (slot < 0 || slot >= highWater || (generations[slot] & 0xFF_FFFF) != (generation & 0xFF_FFFF)) {
            return null;
        }
        return (C) connections[slot];
    }

    /** Frees {@code slot}; later events for it are ignored. */
    public void remove(int slot) {
        if (connections[slot] == null) {
            return;
        }
        connections[slot] = null;
        generations[slot]++;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        size--;
    }

    public int size() {
        return size;
    }

    /** Calls {@code action} for each connection present when the call starts (it may remove some). */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super C> action) {
        Object[] snapshot = Arrays.copyOf(connections, highWater);
        for (Object c : snapshot) {
            if (c != null) {
                action.accept((C) c);
            }
        }
    }
}
