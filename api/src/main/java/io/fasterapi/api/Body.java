package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request body, decoded from JSON into the parameter's type (a record, typically) and validated: a
 * missing or mistyped field is a 422 naming it. {@code byte[]} and {@code String} parameters get the raw body.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {}
