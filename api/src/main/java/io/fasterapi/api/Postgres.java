package io.fasterapi.api;

import io.fasterapi.pg.client.PgClient;
import io.fasterapi.pg.client.PgConnectOptions;
import io.fasterapi.pg.client.PgPool;
import io.fasterapi.pg.client.PgPoolOptions;
import io.fasterapi.pg.client.PgTransaction;
import io.fasterapi.pg.client.PgTransactionOptions;

/**
 * PostgreSQL for an {@link App}: a {@link PgPool} on the app's own event loops, and dependencies for routes.
 *
 * <pre>{@code
 * Postgres.install(app, PgConnectOptions.parse(System.getenv("DATABASE_URL")), PgPoolOptions.defaults());
 *
 * @Get("/items/{id}")
 * public Item get(@Path long id, PgClient db) {                       // queries on the request's loop
 *     return db.query("SELECT * FROM items WHERE id = $1", id).oneAs(Item.class)
 *             .orElseThrow(() -> new HttpException(404, "Item not found"));
 * }
 *
 * @Post("/orders")
 * public Order order(@Body OrderIn in, PgTransaction tx) {            // BEGIN before the route, COMMIT after it,
 *     ...                                                             // before the response; ROLLBACK if it throws
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link PgPool} (singleton): opened at startup, closed at shutdown.</li>
 *   <li>{@link PgClient} (per request): the pool's part on the loop the request arrived on, so its results come
 *       back on that loop. Usable from blocking routes ({@code query}) and non-blocking ones
 *       ({@code queryAsync}).</li>
 *   <li>{@link PgTransaction} (per request, blocking routes only): a connection of the request's own with a
 *       transaction begun; committed when the route returns, rolled back when it throws (like a
 *       {@code yield} dependency in FastAPI).</li>
 * </ul>
 */
public final class Postgres {
    private Postgres() {}

    public static void install(App app, PgConnectOptions options, PgPoolOptions poolOptions) {
        install(app, options, poolOptions, PgTransactionOptions.defaults());
    }

    public static void install(App app, PgConnectOptions options, PgPoolOptions poolOptions,
                               PgTransactionOptions transactions) {
        app.singleton(PgPool.class, context -> PgPool.create(app.eventLoopGroup(), options, poolOptions),
                (pool, failure) -> pool.close());
        app.dependency(PgClient.class, context -> {
            PgPool pool = context.get(PgPool.class);
            Request request = context.request();
            return request == null ? pool : pool.on(request.loop());
        });
        app.blockingDependency(PgTransaction.class, context -> PgTransaction.begin(context.get(PgClient.class), transactions),
                (tx, failure) -> {
                    if (failure == null) {
                        tx.commit(); // before the response: a failed COMMIT makes it a 500
                    } else {
                        tx.rollback();
                    }
                });
    }
}
