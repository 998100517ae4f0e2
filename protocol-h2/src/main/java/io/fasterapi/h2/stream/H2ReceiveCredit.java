package io.fasterapi.h2.stream;

/**
 * When to send WINDOW_UPDATE for data received (RFC 9113 §6.9): as the application consumes it, not as it arrives,
 * so a slow reader holds the sender back instead of the server buffering without bound; and in batches: an update
 * once what was consumed and not yet credited reaches half of the window (as nghttp2 and Netty do), so a stream of
 * small DATA frames does not cost a WINDOW_UPDATE each.
 */
public final class H2ReceiveCredit {
    private final int window;
    private int consumed;

    /** {@code window}: the window this side advertised (its SETTINGS_INITIAL_WINDOW_SIZE, or the connection's). */
    public H2ReceiveCredit(int window) {
        this.window = window;
    }

    /**
     * The application consumed {@code n} octets (padding counts as consumed at once, §6.1); returns the increment
     * to send now, or 0 to wait for more.
     */
    public int consumed(int n) {
        consumed += n;
        if (consumed >= window / 2) {
            int increment = consumed;
            consumed = 0;
            return increment;
        }
        return 0;
    }
}
