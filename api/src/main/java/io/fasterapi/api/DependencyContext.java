package io.fasterapi.api;

/** What a {@link Provider} sees: the request, and other dependencies (resolved once per request). */
public interface DependencyContext {
    /** The request being handled; null while a singleton is made at startup. */
    Request request();

    /** The value of another dependency. */
    <T> T get(Class<T> type);
}
