package io.fasterapi.api;

/**
 * Code around every request, including those answered 404 or 405: {@link #before} may answer instead of the
 * route (CORS preflight, authentication), {@link #after} may change any response (headers, logging). They run
 * in registration order before, and in reverse order after, on the thread that runs the handler (the event
 * loop for non-blocking routes and for 404/405, a virtual thread otherwise), so they must not block when
 * non-blocking routes exist.
 */
public interface Middleware {

    /** Returns a response to answer with, skipping the route, or null to go on. */
    default Response before(Request request) throws Exception {
        return null;
    }

    /** Sees, and may change, the response about to be sent. */
    default void after(Request request, Response response) throws Exception {}
}
