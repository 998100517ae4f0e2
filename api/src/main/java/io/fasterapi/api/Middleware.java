package io.fasterapi.api;

/**
 * Code around every request, including those answered 404 or 405: {@link #before} may answer instead of the
 * route (CORS preflight, authentication), {@link #after} may change any response (headers, logging). They run
 * in registration order before, and in reverse order after, on the thread that runs the handler (the event
 * loop for non-blocking routes and for requests no route takes (404, 405, the trailing-slash 307), a virtual
 * thread otherwise). So they must never block: a middleware that needs to wait (a database lookup) should
 * answer from what it has, or leave the waiting to a dependency of the routes.
 */
public interface Middleware {

    /** Returns a response to answer with, skipping the route, or null to go on. */
    default Response before(Request request) throws Exception {
        return null;
    }

    /** Sees, and may change, the response about to be sent. */
    default void after(Request request, Response response) throws Exception {}
}
