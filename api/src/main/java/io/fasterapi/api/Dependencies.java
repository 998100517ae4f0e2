package io.fasterapi.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app's dependency providers, and the per-request scope that resolves them: each dependency is made at
 * most once per request (as FastAPI caches dependencies), nested dependencies are resolved through the same
 * scope, cycles are reported, and clean-ups run after the handler, before the response is sent, in reverse order of creation. Singletons
 * are made once (at startup) and cleaned up at shutdown.
 */
final class Dependencies {
    /** {@code blockingOnly}: made by waiting (a transaction's BEGIN), so only blocking routes may take it. */
    record Entry<T>(Class<T> type, Provider<T> provider, Cleanup<? super T> cleanup, boolean singleton,
                    boolean blockingOnly) {}

    /** A value made in a request scope, waiting for its clean-up. */
    private record Pending(String name, Cleanup<Object> cleanup, Object value) {}

    private final Map<Class<?>, Entry<?>> entries = new LinkedHashMap<>();
    /** Read without a lock on every request (all loops); written once per type under its lock. */
    private final Map<Class<?>, Object> singletons = new java.util.concurrent.ConcurrentHashMap<>();
    /** The scope singletons are made in (under the lock): shared, so cycles between singletons are seen. */
    private Scope singletonScope;
    private final Deque<Runnable> singletonCleanups = new ArrayDeque<>();

    <T> void add(Entry<T> entry) {
        if (entries.putIfAbsent(entry.type(), entry) != null) {
            throw new IllegalArgumentException("a provider for " + entry.type().getName() + " is already registered");
        }
    }

    boolean has(Class<?> type) {
        return entries.containsKey(type);
    }

    boolean isBlockingOnly(Class<?> type) {
        Entry<?> entry = entries.get(type);
        return entry != null && entry.blockingOnly();
    }

    /** Makes every singleton, in registration order (at startup). */
    void startSingletons() {
        Scope scope = new Scope(null);
        for (Entry<?> entry : entries.values()) {
            if (entry.singleton()) {
                scope.get(entry.type());
            }
        }
    }

    /** Cleans singletons up, newest first (at shutdown). */
    void stopSingletons(System.Logger log) {
        while (!singletonCleanups.isEmpty()) {
            try {
                singletonCleanups.pop().run();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "singleton clean-up failed", e);
            }
        }
        synchronized (singletons) {
            singletons.clear();
            singletonScope = null;
        }
    }

    Scope scope(Request request) {
        return new Scope(request);
    }

    /** One request's dependencies. Used by one thread at a time. */
    final class Scope implements DependencyContext {
        private final Request request;
        private Map<Class<?>, Object> values;
        private Deque<Pending> cleanups;
        private Deque<Class<?>> resolving;

        Scope(Request request) {
            this.request = request;
        }

        @Override
        public Request request() {
            return request;
        }

        @Override
        public <T> T get(Class<T> type) {
            @SuppressWarnings("unchecked")
            Entry<T> entry = (Entry<T>) entries.get(type);
            if (entry == null) {
                throw new IllegalStateException("no provider registered for " + type.getName());
            }
            if (entry.singleton()) {
                return singleton(entry);
            }
            if (this == singletonScope && entry.cleanup() != null) {
                // Its clean-up would belong to no request and never run (a transaction held for ever).
                throw new IllegalStateException("a singleton cannot depend on " + type.getName()
                        + ", a per-request dependency with a clean-up");
            }
            if (values == null) {
                values = new HashMap<>(4);
            }
            Object cached = values.get(type);
            if (cached != null) {
                return type.cast(cached);
            }
            T value = make(entry, this);
            values.put(type, value);
            if (entry.cleanup() != null) {
                if (cleanups == null) {
                    cleanups = new ArrayDeque<>(2);
                }
                @SuppressWarnings("unchecked")
                Cleanup<Object> cleanup = (Cleanup<Object>) entry.cleanup();
                cleanups.push(new Pending(type.getName(), cleanup, value));
            }
            return value;
        }

        private <T> T singleton(Entry<T> entry) {
            Object made = singletons.get(entry.type());
            if (made != null) {
                return entry.type().cast(made);
            }
            synchronized (singletons) {
                Object existing = singletons.get(entry.type());
                if (existing != null) {
                    return entry.type().cast(existing);
                }
                if (singletonScope == null) {
                    singletonScope = new Scope(null);
                }
                T value = make(entry, singletonScope);
                singletons.put(entry.type(), value);
                if (entry.cleanup() != null) {
                    singletonCleanups.push(() -> {
                        try {
                            entry.cleanup().cleanup(value, null);
                        } catch (Exception e) {
                            throw new IllegalStateException("clean-up of " + entry.type().getName() + " failed", e);
                        }
                    });
                }
                return value;
            }
        }

        private <T> T make(Entry<T> entry, Scope scope) {
            if (scope.resolving == null) {
                scope.resolving = new ArrayDeque<>();
            }
            if (scope.resolving.contains(entry.type())) {
                throw new IllegalStateException("dependency cycle through " + entry.type().getName());
            }
            scope.resolving.push(entry.type());
            try {
                T value = entry.provider().provide(scope);
                if (value == null) {
                    throw new IllegalStateException("provider for " + entry.type().getName() + " returned null");
                }
                return value;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("provider for " + entry.type().getName() + " failed: " + e.getMessage(), e);
            } finally {
                scope.resolving.pop();
            }
        }

        /**
         * Runs the clean-ups, newest first; every one runs even if another fails. Returns the first clean-up
         * failure (the others are logged), or null.
         */
        Throwable close(Throwable failure, System.Logger log) {
            if (cleanups == null) {
                return null;
            }
            Throwable first = null;
            while (!cleanups.isEmpty()) {
                Pending pending = cleanups.pop();
                try {
                    pending.cleanup().cleanup(pending.value(), failure);
                } catch (Throwable e) { // an Error too: the clean-ups after it (a pooled connection) still run
                    if (first == null && failure == null) {
                        first = e; // becomes the response
                    } else {
                        log.log(System.Logger.Level.WARNING, "clean-up of dependency " + pending.name() + " failed", e);
                    }
                }
            }
            return first;
        }
    }
}
