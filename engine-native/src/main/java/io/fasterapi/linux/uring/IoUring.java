package io.fasterapi.linux.uring;

import io.fasterapi.linux.Errno;
import io.fasterapi.linux.NativeIoException;
import io.fasterapi.linux.Syscalls;
import io.fasterapi.linux.ffi.io_uring_probe;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_EXT_ARG;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_FAST_POLL;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_NODROP;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_FEAT_SINGLE_MMAP;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_ACCEPT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_ASYNC_CANCEL;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_CLOSE;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_CONNECT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_READ;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_RECV;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SEND;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SENDMSG;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_SHUTDOWN;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_OP_TIMEOUT;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_REGISTER_PROBE;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_COOP_TASKRUN;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_DEFER_TASKRUN;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_SINGLE_ISSUER;
import static io.fasterapi.linux.ffi.io_uring_h.IORING_SETUP_SUBMIT_ALL;
import static io.fasterapi.linux.ffi.io_uring_h.IO_URING_OP_SUPPORTED;

/**
 * Probes io_uring once per process: whether this kernel and this process may use it, which setup flags
 * and opcodes it supports, and, when it cannot be used, a reason a person can act on. The engine needs
 * kernel 6.0 or newer (multishot recv with provided-buffer rings).
 */
public final class IoUring {
    /** Multishot recv (6.0) is the newest thing the engine requires. */
    private static final int MIN_MAJOR = 6;
    private static final int MIN_MINOR = 0;
    private static final byte[] REQUIRED_OPS = {IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_SEND, IORING_OP_SENDMSG,
            IORING_OP_ASYNC_CANCEL, IORING_OP_READ, IORING_OP_CONNECT, IORING_OP_CLOSE, IORING_OP_SHUTDOWN,
            IORING_OP_TIMEOUT};
    private static final int REQUIRED_FEATURES = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_FAST_POLL
            | IORING_FEAT_EXT_ARG;

    private IoUring() {}

    /** What the probe found. */
    public record Probe(Throwable unavailabilityCause, int features, int supportedSetupFlags, boolean[] ops,
                        String kernel) {
        public boolean available() {
            return unavailabilityCause == null;
        }
    }

    private static final class Holder {
        static final Probe PROBE = probe();
    }

    /** Whether the io_uring transport can run here. */
    public static boolean isAvailable() {
        return Holder.PROBE.available();
    }

    /** Why io_uring cannot run here, or {@code null} when it can. */
    public static Throwable unavailabilityCause() {
        return Holder.PROBE.unavailabilityCause();
    }

    /** Throws {@link UnsupportedOperationException} with the reason when io_uring cannot run here. */
    public static void ensureAvailability() {
        Throwable cause = unavailabilityCause();
        if (cause != null) {
            throw new UnsupportedOperationException("io_uring is not available: " + cause.getMessage(), cause);
        }
    }

    /** The probe's full result. */
    public static Probe probeResult() {
        return Holder.PROBE;
    }

    /**
     * The setup flags to use among {@code SINGLE_ISSUER}, {@code DEFER_TASKRUN}, {@code SUBMIT_ALL} and
     * {@code COOP_TASKRUN}: each one this kernel accepts (only one of the two task-run modes).
     */
    public static int recommendedSetupFlags() {
        int supported = Holder.PROBE.supportedSetupFlags();
        int flags = supported & IORING_SETUP_SUBMIT_ALL;
        if ((supported & (IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN))
                == (IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)) {
            flags |= IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
        } else {
            flags |= supported & (IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN);
        }
        return flags;
    }

    /** One line for logs: kernel, flags and the features the engine uses. */
    public static String describe() {
        Probe p = Holder.PROBE;
        if (!p.available()) {
            return "io_uring unavailable: " + p.unavailabilityCause().getMessage();
        }
        int flags = recommendedSetupFlags();
        List<String> names = new ArrayList<>();
        if ((flags & IORING_SETUP_SINGLE_ISSUER) != 0) names.add("SINGLE_ISSUER");
        if ((flags & IORING_SETUP_DEFER_TASKRUN) != 0) names.add("DEFER_TASKRUN");
        if ((flags & IORING_SETUP_COOP_TASKRUN) != 0) names.add("COOP_TASKRUN");
        if ((flags & IORING_SETUP_SUBMIT_ALL) != 0) names.add("SUBMIT_ALL");
        return "io_uring on kernel " + p.kernel() + " (" + String.join("|", names)
                + ", multishot accept and recv, provided-buffer ring)";
    }

    private static Probe probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String kernel = System.getProperty("os.version", "?");
        if (!os.contains("linux")) {
            return unavailable("io_uring exists only on Linux (this is " + os + ")", kernel);
        }
        int[] version = parseKernelVersion(kernel);
        if (version[0] < MIN_MAJOR || (version[0] == MIN_MAJOR && version[1] < MIN_MINOR)) {
            return unavailable("kernel " + kernel + " is too old: the engine needs 6.0+ for multishot recv", kernel);
        }
        Syscalls sys;
        try {
            sys = Syscalls.create();
        } catch (Throwable t) {
            return unavailable("native access failed (" + t + "); run with --enable-native-access=ALL-UNNAMED", kernel);
        }
        IoUringRing ring;
        try {
            ring = IoUringRing.create(sys, 4, 8, 0);
        } catch (NativeIoException e) {
            return unavailable(explainSetupFailure(e), kernel);
        } catch (IOException e) {
            return unavailable(e.getMessage(), kernel);
        }
        try (ring) {
            int features = ring.features();
            if ((features & REQUIRED_FEATURES) != REQUIRED_FEATURES) {
                return unavailable("kernel lacks io_uring features 0x"
                        + Integer.toHexString(REQUIRED_FEATURES & ~features), kernel);
            }
            boolean[] ops = probeOps(ring);
            for (byte op : REQUIRED_OPS) {
                if (!ops[op]) {
                    return unavailable("kernel lacks io_uring opcode " + op, kernel);
                }
            }
            try (BufferRing ignored = BufferRing.register(ring, (short) 0, 2, 64)) {
                // registered and unregistered: provided-buffer rings work
            } catch (IOException e) {
                return unavailable("provided-buffer rings unavailable: " + e.getMessage(), kernel);
            }
            int flags = 0;
            for (int flag : new int[] {IORING_SETUP_SUBMIT_ALL, IORING_SETUP_COOP_TASKRUN, IORING_SETUP_SINGLE_ISSUER,
                    IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN}) {
                if (setupAccepted(sys, flag)) {
                    flags |= flag;
                }
            }
            return new Probe(null, features, flags, ops, kernel);
        }
    }

    private static Probe unavailable(String reason, String kernel) {
        return new Probe(new UnsupportedOperationException(reason), 0, 0, new boolean[256], kernel);
    }

    private static String explainSetupFailure(NativeIoException e) {
        int disabled = readIoUringDisabled();
        if (e.error() == Errno.EPERM) {
            if (disabled == 2) {
                return "disabled by sysctl kernel.io_uring_disabled=2 (set it to 0: sysctl -w kernel.io_uring_disabled=0)";
            }
            if (disabled == 1) {
                return "restricted by sysctl kernel.io_uring_disabled=1 to the group in kernel.io_uring_group "
                        + "(add this user to it, or set kernel.io_uring_disabled=0)";
            }
            return "io_uring_setup is blocked (EPERM), most likely by a seccomp filter: Docker's default profile "
                    + "blocks io_uring; allow io_uring_setup/io_uring_enter/io_uring_register in the profile";
        }
        if (e.error() == Errno.ENOSYS) {
            return "io_uring_setup returned ENOSYS: the kernel is built without io_uring or a seccomp filter hides it";
        }
        return e.getMessage();
    }

    private static int readIoUringDisabled() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static boolean[] probeOps(IoUringRing ring) {
        boolean[] supported = new boolean[256];
        int slots = 256;
        try (Arena arena = Arena.ofConfined()) {
            long size = io_uring_probe.sizeof() + 8L * slots;
            MemorySegment probe = arena.allocate(size, 8);
            if (ring.register(IORING_REGISTER_PROBE, probe, slots) < 0) {
                return supported;
            }
            int len = Byte.toUnsignedInt(probe.get(ValueLayout.JAVA_BYTE, io_uring_probe.ops_len$offset()));
            for (int i = 0; i < len; i++) {
                long op = io_uring_probe.sizeof() + 8L * i;
                int code = Byte.toUnsignedInt(probe.get(ValueLayout.JAVA_BYTE, op));
                int flags = Short.toUnsignedInt(probe.get(ValueLayout.JAVA_SHORT_UNALIGNED, op + 2));
                supported[code] = (flags & IO_URING_OP_SUPPORTED) != 0;
            }
        }
        return supported;
    }

    private static boolean setupAccepted(Syscalls sys, int flags) {
        try (IoUringRing ignored = IoUringRing.create(sys, 2, 4, flags)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code "6.18.44-fc"} gives {@code [6, 18]}; unparsable versions give {@code [0, 0]}. */
    static int[] parseKernelVersion(String version) {
        String[] parts = version.split("[.\\-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }
}
