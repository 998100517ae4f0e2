package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A query parameter: {@code @Query(defaultValue = "10") int limit}. Required unless it has a default or is an
 * {@link java.util.Optional}; a {@link java.util.List} collects repeated values.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Query {
    /** The parameter's name in the query; default: the Java parameter's name. */
    String value() default "";

    /** The value to use when the parameter is absent; default: none (the parameter is required). */
    String defaultValue() default Params.NO_DEFAULT;
}
