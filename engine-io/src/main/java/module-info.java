/**
 * The engine's event loops and transports. Only {@code io.fasterapi.io} is API; the three backends are
 * internal and chosen by {@link io.fasterapi.io.Transport}.
 */
module io.fasterapi.io {
    requires io.fasterapi.linux;
    exports io.fasterapi.io;
}
