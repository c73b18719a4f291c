package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth.State;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;

/**
 * Judges a running stream from its frames: {@code covered_or_dark} (a long run of black frames) before
 * {@code frozen} (byte-identical consecutive frames; a black picture is both, and "covered" is the more useful
 * word), then {@code rate_low}/{@code rate_high} against the configured rate, else {@code ok}. Stalls are not seen
 * here (no frame, nothing to judge): the source's watchdog finds them. Times are {@code System.nanoTime()} values,
 * so tests can feed their own. Not thread-safe; one per camera, reset when its process restarts.
 */
final class FrameHealthMonitor {
    /** Every 61st byte (a prime, so the sample walks over all three channels) is enough to tell black. */
    private static final int DARK_STRIDE = 61;

    /** The state this frame leaves the stream in, and why. */
    record Judgement(State state, String reason) {
    }

    private final LiveCameraSettings settings;
    private final Deque<Long> arrivals = new ArrayDeque<>();
    private byte[] previous;
    private int identical;
    private long identicalSince;
    private long darkSince = -1;
    private double lastMean;
    private long startedAt = -1;

    FrameHealthMonitor(LiveCameraSettings settings) {
        this.settings = settings;
    }

    /** A new process: rates, runs and the previous frame start again. */
    void reset() {
        arrivals.clear();
        previous = null;
        identical = 0;
        darkSince = -1;
        startedAt = -1;
    }

    /** Whether the last frame judged was byte-identical to the one before it. */
    boolean lastWasRepeat() {
        return identical > 0;
    }

    /** Nanoseconds the stream has been frozen (0 when it is not). */
    long frozenNanos(long now) {
        return identical + 1 >= settings.frozenFrames() ? now - identicalSince : 0;
    }

    Judgement onFrame(byte[] frame, long now) {
        if (startedAt < 0) {
            startedAt = now;
        }
        trackRate(now);
        trackIdentical(frame, now);
        trackDark(frame, now);
        if (darkSince >= 0 && now - darkSince >= settings.darkAfter().toNanos()) {
            return new Judgement(State.COVERED_OR_DARK, String.format(Locale.ROOT,
                    "black frames for %.1f s (mean level %.1f of 255, dark at <= %d)", seconds(now - darkSince),
                    lastMean, settings.darkLevel()));
        }
        if (identical + 1 >= settings.frozenFrames() && now - identicalSince >= settings.frozenAfter().toNanos()) {
            return new Judgement(State.FROZEN, String.format(Locale.ROOT,
                    "%d byte-identical frames in a row over %.1f s (a live sensor always has noise: a stale buffer)",
                    identical + 1, seconds(now - identicalSince)));
        }
        return judgeRate(now);
    }

    private Judgement judgeRate(long now) {
        long window = settings.rateWindow().toNanos();
        if (now - startedAt < window || arrivals.size() < 2) {
            return new Judgement(State.OK, "frames arriving");
        }
        double fps = (arrivals.size() - 1) / seconds(arrivals.getLast() - arrivals.getFirst());
        double want = settings.fps();
        String measured = String.format(Locale.ROOT, "%.1f fps over the last %.0f s, configured %.1f fps (±%.0f %%)",
                fps, seconds(window), want, settings.rateTolerance() * 100);
        if (fps < want * (1 - settings.rateTolerance())) {
            return new Judgement(State.RATE_LOW, measured);
        }
        if (fps > want * (1 + settings.rateTolerance())) {
            return new Judgement(State.RATE_HIGH, measured);
        }
        return new Judgement(State.OK, "frames arriving at " + measured);
    }

    private void trackRate(long now) {
        arrivals.addLast(now);
        long window = settings.rateWindow().toNanos();
        while (!arrivals.isEmpty() && now - arrivals.getFirst() > window) {
            arrivals.removeFirst();
        }
    }

    private void trackIdentical(byte[] frame, long now) {
        if (previous != null && Arrays.equals(previous, frame)) {
            identical++;
        } else {
            identical = 0;
            identicalSince = now;
            if (previous == null || previous.length != frame.length) {
                previous = new byte[frame.length];
            }
            System.arraycopy(frame, 0, previous, 0, frame.length);
        }
    }

    private void trackDark(byte[] frame, long now) {
        long sum = 0;
        int n = 0;
        for (int i = 0; i < frame.length; i += DARK_STRIDE) {
            sum += frame[i] & 0xff;
            n++;
        }
        lastMean = n == 0 ? 0 : (double) sum / n;
        if (lastMean <= settings.darkLevel()) {
            if (darkSince < 0) {
                darkSince = now;
            }
        } else {
            darkSince = -1;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
