package io.fasterapi.io;

import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.uring.IoUring;

import java.util.Locale;

/**
 * The three backends. {@link #select} picks the best available one (io_uring, else epoll, else NIO) unless
 * the system property {@code fasterapi.transport} or the environment variable {@code FASTERAPI_TRANSPORT}
 * names one ({@code io_uring}, {@code epoll}, {@code nio}, or {@code auto}).
 */
public enum Transport {
    /** Linux io_uring (kernel 6.0+): multishot accept and recv with a provided-buffer ring. */
    IO_URING("io_uring"),
    /** Linux epoll, edge-triggered, with gathering writes. */
    EPOLL("epoll"),
    /** {@code java.nio} selectors: runs anywhere the JDK does. */
    NIO("nio");

    /** System property that overrides the automatic choice. */
    public static final String PROPERTY = "fasterapi.transport";
    /** Environment variable that overrides the automatic choice (the property wins when both are set). */
    public static final String ENVIRONMENT = "FASTERAPI_TRANSPORT";

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    /** The name used in settings and logs: {@code io_uring}, {@code epoll}, {@code nio}. */
    public String id() {
        return id;
    }

    /** Whether this backend can run here. */
    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** Why this backend cannot run here, or {@code null} when it can. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> EpollProbe.CAUSE;
            case NIO -> null;
        };
    }

    /** The transport named {@code id}, case-insensitive; {@code null} for {@code auto}. */
    public static Transport parse(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (s) {
            case "auto", "" -> null;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "epoll" -> EPOLL;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException("unknown transport '" + id + "': use io_uring, epoll, nio or auto");
        };
    }

    /** The chosen transport and the one log line that explains the choice. */
    public record Selection(Transport transport, String reason) {}

    /**
     * Chooses a transport: {@code requested} if not {@code null}, else the override from the property or
     * environment, else the best available. A transport that is asked for by name but cannot run is an
     * error, not a silent fallback.
     */
    public static Selection select(Transport requested) {
        String source = "configured";
        Transport wanted = requested;
        if (wanted == null) {
            String override = System.getProperty(PROPERTY);
            source = "-D" + PROPERTY;
            if (override == null) {
                override = System.getenv(ENVIRONMENT);
                source = ENVIRONMENT;
            }
            wanted = override == null ? null : parse(override);
        }
        if (wanted != null) {
            Throwable cause = wanted.unavailabilityCause();
            if (cause != null) {
                throw new IllegalStateException("transport " + wanted.id + " (" + source + ") cannot run here: "
                        + cause.getMessage(), cause);
            }
            return new Selection(wanted, "transport " + wanted.id + " (" + source + ")");
        }
        StringBuilder why = new StringBuilder();
        for (Transport t : values()) {
            Throwable cause = t.unavailabilityCause();
            if (cause == null) {
                String line = "transport " + t.id + " (best available"
                        + (why.isEmpty() ? "" : "; " + why) + ")";
                return new Selection(t, line);
            }
            if (!why.isEmpty()) {
                why.append("; ");
            }
            why.append(t.id).append(" unavailable: ").append(cause.getMessage());
        }
        throw new AssertionError("NIO is always available");
    }

    /** Probes epoll once. */
    private static final class EpollProbe {
        static final Throwable CAUSE = probe();

        private static Throwable probe() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return new UnsupportedOperationException("epoll exists only on Linux");
            }
            try {
                Syscalls sys = Syscalls.create();
                int fd = sys.epollCreate();
                if (fd < 0) {
                    return new UnsupportedOperationException("epoll_create1 failed: "
                            + io.fasterapi.linux.Errno.describe(fd));
                }
                sys.close(fd);
                return null;
            } catch (Throwable t) {
                return new UnsupportedOperationException("native access failed (" + t
                        + "); run with --enable-native-access=ALL-UNNAMED", t);
            }
        }
    }
}
