package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler never blocks: run it on the event loop, with no thread hop (FastAPI's {@code async def}).
 * Without this, handlers run on virtual threads and may block (FastAPI's {@code def}). Handlers returning a
 * {@link java.util.concurrent.CompletionStage} are non-blocking whether marked or not.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NonBlocking {}
