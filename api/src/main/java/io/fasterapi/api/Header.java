package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request header: {@code @Header String userAgent} reads {@code User-Agent} (camelCase names become
 * hyphenated, as FastAPI turns underscores into hyphens). Required unless it has a default or is an
 * {@link java.util.Optional}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Header {
    /** The header's name; default: derived from the Java parameter's name. */
    String value() default "";

    /** The value to use when the header is absent; default: none (the header is required). */
    String defaultValue() default Params.NO_DEFAULT;
}
