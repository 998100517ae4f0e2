package io.fasterapi.examples;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Items in memory, ordered by id. Thread-safe. (The PostgreSQL issue moves this to the database.) */
public final class ItemStore {
    /** A stored item. */
    public record Item(long id, String name, double price, Optional<String> description) {}

    /** What clients send to create or replace an item. */
    public record ItemIn(String name, double price, Optional<String> description) {
        public ItemIn {
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            if (price < 0) {
                throw new IllegalArgumentException("price must not be negative");
            }
        }
    }

    private final ConcurrentSkipListMap<Long, Item> items = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public Item create(ItemIn in) {
        long id = ids.incrementAndGet();
        Item item = new Item(id, in.name(), in.price(), in.description());
        items.put(id, item);
        return item;
    }

    public Optional<Item> get(long id) {
        return Optional.ofNullable(items.get(id));
    }

    public List<Item> page(int limit, int offset) {
        return items.values().stream().skip(offset).limit(limit).toList();
    }

    /** Replaces item {@code id}; empty when it does not exist. */
    public Optional<Item> replace(long id, ItemIn in) {
        Item updated = new Item(id, in.name(), in.price(), in.description());
        return Optional.ofNullable(items.computeIfPresent(id, (k, old) -> updated));
    }

    public boolean delete(long id) {
        return items.remove(id) != null;
    }
}
