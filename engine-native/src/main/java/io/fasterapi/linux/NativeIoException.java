package io.fasterapi.linux;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/** A native call failed with an {@code errno}. Carries the call's name and the named error. */
public final class NativeIoException extends IOException {
    private final int errno;
    private final String operation;

    private NativeIoException(String operation, int errno, String detail) {
        super(message(operation, errno, detail));
        this.errno = Math.abs(errno);
        this.operation = operation;
    }

    private static String message(String operation, int errno, String detail) {
        String base = operation + " failed: " + Errno.describe(errno);
        return detail == null ? base : base + ": " + detail;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** The named error, or {@code null} if this errno has no name in {@link Errno}. */
    public Errno error() {
        return Errno.of(errno);
    }

    /** The native call that failed, for example {@code "connect"}. */
    public String operation() {
        return operation;
    }

    /**
     * The exception for a failed call, as the JDK's own socket code would type it: {@link ConnectException}
     * for a refused connection, {@link BindException} for an address in use, and so on; anything else is a
     * {@code NativeIoException}. {@code errno} may be positive or negative.
     */
    public static IOException of(String operation, int errno, String detail) {
        Errno e = Errno.of(errno);
        String message = message(operation, errno, detail);
        if (e == null) {
            return new NativeIoException(operation, errno, detail);
        }
        return switch (e) {
            case ECONNREFUSED, ETIMEDOUT -> new ConnectException(message);
            case EADDRINUSE, EADDRNOTAVAIL, EACCES -> "bind".equals(operation)
                    ? new BindException(message) : new NativeIoException(operation, errno, detail);
            case EHOSTUNREACH, ENETUNREACH -> new NoRouteToHostException(message);
            case ECONNRESET, EPIPE -> new PeerClosedException(message);
            default -> new NativeIoException(operation, errno, detail);
        };
    }

    /** Same as {@link #of(String, int, String)} without a detail. */
    public static IOException of(String operation, int errno) {
        return of(operation, errno, null);
    }

    /**
     * The peer reset the connection or closed it while we wrote ({@code ECONNRESET}, {@code EPIPE}): routine for a
     * server (clients that go away), so it carries no stack trace, which would cost more than the rest of the
     * connection's close and says nothing (it is always the event loop's read or write).
     */
    public static final class PeerClosedException extends SocketException {
        PeerClosedException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
