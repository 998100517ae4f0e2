package io.fasterapi.examples;

import io.fasterapi.pg.client.PgClient;
import io.fasterapi.pg.client.PgRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Items in PostgreSQL (table {@code items}, created at startup if missing). Stateless: SQL over a client. */
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

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS items ("
            + "id bigserial PRIMARY KEY, name text NOT NULL, price double precision NOT NULL, description text)";
    private static final String COLUMNS = "id, name, price, description";

    private ItemStore() {}

    public static Item create(PgClient db, ItemIn in) {
        return item(db.query("INSERT INTO items (name, price, description) VALUES ($1, $2, $3) RETURNING " + COLUMNS,
                in.name(), in.price(), in.description().orElse(null)).one());
    }

    public static Optional<Item> get(PgClient db, long id) {
        return db.query("SELECT " + COLUMNS + " FROM items WHERE id = $1", id).first().map(ItemStore::item);
    }

    public static List<Item> page(PgClient db, int limit, int offset) {
        List<Item> items = new ArrayList<>();
        for (PgRow row : db.query("SELECT " + COLUMNS + " FROM items ORDER BY id LIMIT $1 OFFSET $2", limit, offset).rows()) {
            items.add(item(row));
        }
        return items;
    }

    /** Replaces item {@code id}; empty when it does not exist. */
    public static Optional<Item> replace(PgClient db, long id, ItemIn in) {
        return db.query("UPDATE items SET name = $2, price = $3, description = $4 WHERE id = $1 RETURNING " + COLUMNS,
                id, in.name(), in.price(), in.description().orElse(null)).first().map(ItemStore::item);
    }

    public static boolean delete(PgClient db, long id) {
        return db.query("DELETE FROM items WHERE id = $1", id).rowsAffected() == 1;
    }

    private static Item item(PgRow row) {
        return new Item(row.getLong(0), row.getString(1), row.getDouble(2), Optional.ofNullable(row.getString(3)));
    }
}
