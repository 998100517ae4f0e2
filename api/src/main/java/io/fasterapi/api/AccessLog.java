package io.fasterapi.api;

/**
 * Access-log middleware: one line per request at INFO on the {@code io.fasterapi.access} logger, in the
 * style of uvicorn: client address, method, path (without the query, which may hold secrets), status and
 * duration. Header values are never logged.
 */
public final class AccessLog implements Middleware {
    private static final System.Logger LOG = System.getLogger("io.fasterapi.access");
    private static final String START = AccessLog.class.getName() + ".start";

    @Override
    public Response before(Request request) {
        request.attribute(START, System.nanoTime());
        return null;
    }

    @Override
    public void after(Request request, Response response) {
        if (!LOG.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        Object start = request.attribute(START);
        long micros = start instanceof Long t ? (System.nanoTime() - t) / 1000 : -1;
        LOG.log(System.Logger.Level.INFO, request.remoteAddress() + " \"" + request.method() + " " + request.path()
                + "\" " + response.status() + " " + micros + "us");
    }
}
