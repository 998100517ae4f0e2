package io.fasterapi.api;

/**
 * A route handler that reads the request: {@code app.get("/items/{id}", req -> store.get(req.pathParam("id", long.class)))}.
 * The return value becomes the response (see {@link App}).
 */
@FunctionalInterface
public interface Handler {
    Object handle(Request request) throws Exception;
}
