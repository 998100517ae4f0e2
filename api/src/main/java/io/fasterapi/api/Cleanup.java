package io.fasterapi.api;

/**
 * Cleans up a dependency's value after the handler, before the response is sent (or, for singletons, at shutdown), like the code
 * after {@code yield} in a FastAPI dependency. {@code failure} is what the handler threw, or null.
 */
@FunctionalInterface
public interface Cleanup<T> {
    void cleanup(T value, Throwable failure) throws Exception;
}
