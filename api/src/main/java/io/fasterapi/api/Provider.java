package io.fasterapi.api;

/** Makes a dependency's value (see {@link App#dependency}); may itself ask for other dependencies. */
@FunctionalInterface
public interface Provider<T> {
    T provide(DependencyContext context) throws Exception;
}
