package io.intakeedge.agent.trace;

/**
 * Where one decision's time went, in microseconds. Stages that did not run (e.g. inference after a failed quality
 * gate) are 0.
 *
 * @param captureMicros    grabbing/decoding the frame
 * @param qualityMicros    quality metrics and gate
 * @param preprocessMicros resize/convert/quantize into the input tensor
 * @param invokeMicros     the interpreter's Invoke()
 * @param routeMicros      the routing policy
 * @param storeMicros      evidence JPEG and anything else written before the trace row (the row's own insert can't
 *                         be measured inside the row)
 * @param totalMicros      frame captured to decision made, end to end
 */
public record StageLatencies(long captureMicros, long qualityMicros, long preprocessMicros, long invokeMicros,
                             long routeMicros, long storeMicros, long totalMicros) {

    public static final StageLatencies NONE = new StageLatencies(0, 0, 0, 0, 0, 0, 0);

    public StageLatencies {
        for (long v : new long[] {captureMicros, qualityMicros, preprocessMicros, invokeMicros, routeMicros,
                storeMicros, totalMicros}) {
            if (v < 0) {
                throw new IllegalArgumentException("negative stage latency in " + this);
            }
        }
    }

    /** Micros from a {@link System#nanoTime()} difference, rounded down. */
    public static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    /** A copy with the store stage set (known only after the evidence is written). */
    public StageLatencies withStore(long micros) {
        return new StageLatencies(captureMicros, qualityMicros, preprocessMicros, invokeMicros, routeMicros, micros,
                totalMicros);
    }
}
