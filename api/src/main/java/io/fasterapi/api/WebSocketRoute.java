package io.fasterapi.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller method that opens a WebSocket route, like FastAPI's {@code @app.websocket(path)}. Its
 * parameters come from the handshake request as for HTTP routes ({@link Path}, {@link Query},
 * {@link Header}, {@link Depends}, {@link Request}); it returns the session's {@link WebSocketListener}.
 * Dependencies with a clean-up are cleaned up when the session closes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebSocketRoute {
    /** The path template, e.g. {@code "/ws/rooms/{room}"}. */
    String value();
}
