package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dependency, as FastAPI's {@code Depends}: the parameter's type is provided by what was registered with
 * {@link App#dependency} or {@link App#singleton}. Parameters of a registered type are dependencies even
 * without this annotation; it makes the intent explicit and fails registration if no provider exists.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Depends {}
