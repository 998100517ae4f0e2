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

import java.util.List;

/** The item routes. Blocking handlers (run on virtual threads), ready for a database behind them. */
public final class ItemsApi {

    @Get("/items/{id}")
    public Item get(@Path long id, ItemStore store) {
        return store.get(id).orElseThrow(() -> new HttpException(404, "Item not found"));
    }

    @Get("/items")
    public List<Item> list(@Query(defaultValue = "20") int limit, @Query(defaultValue = "0") int offset,
                           ItemStore store) {
        if (limit < 1 || limit > 100 || offset < 0) {
            throw new HttpException(422, "limit must be 1-100 and offset >= 0");
        }
        return store.page(limit, offset);
    }

    @Post(value = "/items", status = 201)
    public Item create(@Body ItemIn item, ItemStore store) {
        return store.create(item);
    }

    @Put("/items/{id}")
    public Item replace(@Path long id, @Body ItemIn item, ItemStore store) {
        return store.replace(id, item).orElseThrow(() -> new HttpException(404, "Item not found"));
    }

    @Delete(value = "/items/{id}", status = 204)
    public void delete(@Path long id, ItemStore store) {
        if (!store.delete(id)) {
            throw new HttpException(404, "Item not found");
        }
    }
}
