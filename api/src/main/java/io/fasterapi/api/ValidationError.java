package io.fasterapi.api;

import java.util.List;

/**
 * One failed input, shaped like FastAPI's (Pydantic v2) error items:
 * {@code {"type": "int_parsing", "loc": ["path", "id"], "msg": "...", "input": "abc"}}.
 *
 * @param type  a stable id: {@code missing}, {@code int_parsing}, {@code float_parsing}, {@code bool_parsing},
 *              {@code uuid_parsing}, {@code enum}, {@code json_invalid}, {@code value_error}, ...
 * @param loc   where: {@code ["path"|"query"|"header"|"body", name, ...]}
 * @param msg   for people
 * @param input the value that failed, or null when it was missing
 */
public record ValidationError(String type, List<Object> loc, String msg, Object input) {
    public ValidationError {
        loc = List.copyOf(loc);
    }
}
