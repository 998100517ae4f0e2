package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A parameter taken from the path template: {@code @Path long id} for {@code /items/{id}}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Path {
    /** The template's parameter name; default: the Java parameter's name (compile with {@code -parameters}). */
    String value() default "";
}
