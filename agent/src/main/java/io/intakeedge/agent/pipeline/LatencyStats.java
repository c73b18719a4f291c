package io.intakeedge.agent.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-stage latency samples with exact percentiles. A station decides a few parcels per second, so keeping the
 * last {@code capacity} samples per stage is cheap and gives exact figures for reports and the status page.
 * Thread-safe: the capture loop records, the HTTP server reads.
 */
public final class LatencyStats {

    /** Percentiles of one stage in milliseconds. */
    public record Summary(long count, double p50, double p95, double p99, double max) {
    }

    private final int capacity;
    private final Map<String, Ring> rings = new LinkedHashMap<>();

    public LatencyStats(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void record(String stage, long nanos) {
        rings.computeIfAbsent(stage, s -> new Ring(capacity)).add(nanos);
    }

    public synchronized Map<String, Summary> summaries() {
        Map<String, Summary> out = new LinkedHashMap<>();
        rings.forEach((stage, ring) -> out.put(stage, ring.summary()));
        return out;
    }

    private static final class Ring {
        private final long[] values;
        private long count;

        Ring(int capacity) {
            values = new long[capacity];
        }

        void add(long v) {
            values[(int) (count++ % values.length)] = v;
        }

        Summary summary() {
            int n = (int) Math.min(count, values.length);
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return new Summary(count, ms(pct(sorted, 0.50)), ms(pct(sorted, 0.95)), ms(pct(sorted, 0.99)),
                    ms(n == 0 ? 0 : sorted[n - 1]));
        }

        /** Nearest-rank percentile. */
        private static long pct(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }
}
