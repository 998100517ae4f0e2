package io.fasterapi.examples;

import io.fasterapi.api.Body;
import io.fasterapi.api.Delete;
import io.fasterapi.api.Get;
import io.fasterapi.api.HttpException;
import io.fasterapi.api.Path;
import io.fasterapi.api.Post;
import io.fasterapi.api.Put;
import io.fasterapi.api.Query;
import io.fasterapi.examples.ItemStore.Item;
import io.fasterapi.examples.ItemStore.ItemIn;
import io.fasterapi.pg.client.PgClient;

import java.util.List;

/**
 * The item routes, on PostgreSQL. Blocking handlers (virtual threads); {@code db} is the connection pool's
 * part on the loop the request came in on.
 */
public final class ItemsApi {

    @Get("/items/{id}")
    public Item get(@Path long id, PgClient db) {
        return ItemStore.get(db, id).orElseThrow(() -> new HttpException(404, "Item not found"));
    }

    @Get("/items")
    public List<Item> list(@Query(defaultValue = "20") int limit, @Query(defaultValue = "0") int offset, PgClient db) {
        if (limit < 1 || limit > 100 || offset < 0) {
            throw new HttpException(422, "limit must be 1-100 and offset >= 0");
        }
        return ItemStore.page(db, limit, offset);
    }

    @Post(value = "/items", status = 201)
    public Item create(@Body ItemIn item, PgClient db) {
        return ItemStore.create(db, item);
    }

    @Put("/items/{id}")
    public Item replace(@Path long id, @Body ItemIn item, PgClient db) {
        return ItemStore.replace(db, id, item).orElseThrow(() -> new HttpException(404, "Item not found"));
    }

    @Delete(value = "/items/{id}", status = 204)
    public void delete(@Path long id, PgClient db) {
        if (!ItemStore.delete(db, id)) {
            throw new HttpException(404, "Item not found");
        }
    }
}
