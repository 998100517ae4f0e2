package io.fasterapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of another process, from {@code /proc/PID/stat} (Linux). */
public final class ProcessCpu {
    /** USER_HZ on Linux. */
    public static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** utime + stime of a process, in clock ticks. */
    public static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
