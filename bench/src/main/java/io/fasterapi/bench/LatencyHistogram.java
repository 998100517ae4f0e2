package io.fasterapi.bench;

import java.util.Arrays;

/** Latency histogram for the load clients: 1 us buckets up to 10 ms, then 100 us buckets up to 1 s. */
public final class LatencyHistogram {
    private final long[] fine = new long[10_000];
    private final long[] coarse = new long[10_000];
    private long count;

    public void record(long nanos) {
        long us = nanos / 1000;
        if (us < fine.length) {
            fine[(int) us]++;
        } else {
            coarse[(int) Math.min(coarse.length - 1, us / 100)]++;
        }
        count++;
    }

    public void reset() {
        Arrays.fill(fine, 0);
        Arrays.fill(coarse, 0);
        count = 0;
    }

    /** The percentile in nanoseconds (upper edge of its bucket). */
    public long percentile(double p) {
        long target = (long) Math.ceil(count * p / 100.0);
        long seen = 0;
        for (int i = 0; i < fine.length; i++) {
            seen += fine[i];
            if (seen >= target && target > 0) {
                return (i + 1) * 1000L;
            }
        }
        for (int i = 0; i < coarse.length; i++) {
            seen += coarse[i];
            if (seen >= target && target > 0) {
                return (i + 1) * 100_000L;
            }
        }
        return 0;
    }
}
