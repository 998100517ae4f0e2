package io.fasterapi.linux;

/**
 * Named {@code errno} values (Linux, x86_64 and aarch64 agree on all of these). The engine reports
 * native failures as negative errno results, the way the kernel and io_uring do, and turns them into
 * one of these when it must say what happened.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOSPC(28, "No space left on device"),
    EPIPE(32, "Broken pipe"),
    ENOSYS(38, "Function not implemented"),
    ETIME(62, "Timer expired"),
    ENOTSOCK(88, "Socket operation on non-socket"),
    EPROTONOSUPPORT(93, "Protocol not supported"),
    EOPNOTSUPP(95, "Operation not supported"),
    EAFNOSUPPORT(97, "Address family not supported by protocol"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ENETDOWN(100, "Network is down"),
    ENETUNREACH(101, "Network is unreachable"),
    ECONNABORTED(103, "Software caused connection abort"),
    ECONNRESET(104, "Connection reset by peer"),
    ENOBUFS(105, "No buffer space available"),
    EISCONN(106, "Transport endpoint is already connected"),
    ENOTCONN(107, "Transport endpoint is not connected"),
    ETIMEDOUT(110, "Connection timed out"),
    ECONNREFUSED(111, "Connection refused"),
    EHOSTUNREACH(113, "No route to host"),
    EALREADY(114, "Operation already in progress"),
    EINPROGRESS(115, "Operation now in progress"),
    ECANCELED(125, "Operation canceled");

    private static final Errno[] BY_CODE = new Errno[134];

    static {
        for (Errno e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;
    private final String description;

    Errno(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The positive errno number. */
    public int code() {
        return code;
    }

    /** The C library's message for this error. */
    public String description() {
        return description;
    }

    /** The named error for a positive or negative errno, or {@code null} when it has no name here. */
    public static Errno of(int errno) {
        int code = Math.abs(errno);
        return code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** {@code "Connection refused (ECONNREFUSED)"}, or {@code "errno 77"} for an unnamed code. */
    public static String describe(int errno) {
        Errno e = of(errno);
        return e == null ? "errno " + Math.abs(errno) : e.description + " (" + e.name() + ")";
    }
}
