package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a controller (see {@link App#include}) as the handler of {@code POST} requests to a path
 * template such as {@code /items/{id}}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Post {
    /** The path template. */
    String value();

    /** Status of a successful response; default 200. */
    int status() default 200;
}
