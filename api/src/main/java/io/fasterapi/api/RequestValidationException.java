package io.fasterapi.api;

import java.util.List;

/** Inputs that did not validate: answered with 422 and {@code {"detail": [errors...]}}. */
public final class RequestValidationException extends RuntimeException {
    private final List<ValidationError> errors;

    public RequestValidationException(List<ValidationError> errors) {
        super(errors.size() + " validation error(s): " + errors, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
