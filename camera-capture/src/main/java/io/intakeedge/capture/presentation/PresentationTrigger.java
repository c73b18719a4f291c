package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One decision per parcel at an intake station, where a parcel is placed, stays still, then leaves (or is swapped
 * for the next one).
 *
 * <p>Fed frame by frame with the analyzer's metrics. All timings are milliseconds of the frames' capture
 * timestamps, never frame counts, so a parcel behaves the same at 10 and at 30 fps. A visible parcel starts a
 * presentation; once its box has moved at most {@code stillMotionPx} between frames for {@code still} it counts as
 * settled, and the sharpest (highest Laplacian variance) still frame of the following {@code burst} is presented.
 * Then the trigger watches the decided parcel: when the station has been empty for {@code empty} it arms again;
 * when the parcel in view changes (box moved, or its {@link ParcelSignature thumbnail} differs by more than
 * {@code replaceDistance}) a new presentation starts at once, so parcels swapped without the station ever looking
 * empty are each decided. If that new presentation settles showing the same parcel as before (a hand passed, the
 * parcel was nudged), it is skipped as {@code same_parcel_again} instead of being decided twice.
 *
 * <p>A parcel that does not settle within {@code settleTimeout}, or leaves before settling, still yields one
 * presentation, flagged unsettled, with the best frame seen (complete views first, then sharpest): the quality gate
 * then judges its blur. Appearances shorter than {@code minVisible} are skipped as {@code too_short}. Every skipped
 * presentation is logged and handed to the {@link #onSkipped} listeners. Not thread-safe; one trigger per camera.
 */
public final class PresentationTrigger implements PresentationPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(PresentationTrigger.class);

    /**
     * Tuning; durations are compared in whole milliseconds (rounded), so 3 frames at 30 fps make 100 ms.
     *
     * @param stillMotionPx   largest box-edge movement between frames (full-resolution pixels) that is "still";
     *                        above the analyzer's box quantisation (4 px at the default downscale)
     * @param still           how long the box must stay still before the parcel counts as settled
     * @param burst           after settling, how long still frames are collected to choose the sharpest
     * @param settleTimeout   in view this long without settling: presented anyway, unsettled
     * @param empty           no parcel in view this long: the parcel has left, the trigger re-arms
     * @param minVisible      shorter appearances (first to last frame in view) are blips, skipped as too_short
     * @param replaceDistance mean absolute 8x8 thumbnail difference (0..255) above which the parcel in view is
     *                        another one; JPEG noise on a still parcel stays around 1-3
     */
    public record Settings(double stillMotionPx, Duration still, Duration burst, Duration settleTimeout,
                           Duration empty, Duration minVisible, double replaceDistance) {
        public static final Settings DEFAULTS = new Settings(6.0, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ofMillis(30), 20.0);

        public Settings {
            if (stillMotionPx < 0 || !positive(still) || !positive(burst) || !positive(empty) || minVisible == null
                    || minVisible.isNegative() || settleTimeout == null
                    || settleTimeout.compareTo(still.plus(burst)) < 0 || !(replaceDistance > 0)) {
                throw new IllegalArgumentException("invalid presentation trigger settings: " + this + " (durations"
                        + " > 0, settle_timeout >= still + burst, replace_distance > 0)");
            }
        }

        /** The same settings from milliseconds, as configured in {@code station.yaml}. */
        public static Settings ofMillis(double stillMotionPx, long stillMs, long burstMs, long settleTimeoutMs,
                                        long emptyMs, long minVisibleMs, double replaceDistance) {
            return new Settings(stillMotionPx, Duration.ofMillis(stillMs), Duration.ofMillis(burstMs),
                    Duration.ofMillis(settleTimeoutMs), Duration.ofMillis(emptyMs), Duration.ofMillis(minVisibleMs),
                    replaceDistance);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }

    /** Where the trigger is in a parcel's presentation. */
    public enum State {
        /** Station empty, waiting for a parcel. */
        EMPTY,
        /** A parcel is in view and not yet still. */
        ARRIVING,
        /** The parcel is still; choosing the sharpest frame. */
        BURST,
        /** The parcel was presented; watching it leave or be replaced. */
        PRESENTED
    }

    private final Settings settings;
    private final List<Consumer<SkippedPresentation>> skipListeners = new ArrayList<>();
    private State state = State.EMPTY;
    private long sequence;
    private Instant arrivedAt;
    private Instant settledAt;
    private Instant stillSince;
    private Instant lastVisibleAt;
    private long lastIndex = -1;
    private String lastOrigin = "";
    private int observed;
    private Box lastBox;
    private Candidate best;
    private Candidate fallback;
    /** The parcel last decided while it may still be in view; null once the station was empty. */
    private ParcelSignature decided;
    private boolean decidedComplete;
    /** This presentation started because the decided parcel changed, not on an empty station. */
    private boolean replacing;

    public PresentationTrigger() {
        this(Settings.DEFAULTS);
    }

    public PresentationTrigger(Settings settings) {
        this.settings = settings;
    }

    public State state() {
        return state;
    }

    @Override
    public void onSkipped(Consumer<SkippedPresentation> listener) {
        skipListeners.add(listener);
    }

    @Override
    public Optional<Presentation> offer(Frame frame, QualityMetrics metrics) {
        boolean visible = metrics.parcelVisible() && metrics.parcelBox().isPresent();
        lastIndex = frame.index(); // identity only: the caller closes the frame after offer
        lastOrigin = frame.origin();
        return switch (state) {
            case EMPTY -> {
                if (visible) {
                    startTracking(frame, metrics, false);
                }
                yield Optional.empty();
            }
            case ARRIVING, BURST -> visible ? track(frame, metrics) : lost(frame);
            case PRESENTED -> {
                watchDecided(frame, metrics, visible);
                yield Optional.empty();
            }
        };
    }

    @Override
    public Optional<Presentation> finish() {
        Optional<Presentation> pending = Optional.empty();
        if (state == State.BURST && best != null) {
            pending = end(best, true, lastVisibleAt);
        } else if (state == State.ARRIVING) {
            pending = giveUpUnsettled(lastVisibleAt);
        }
        decided = null;
        reset(State.EMPTY);
        return pending;
    }

    @Override
    public void cameraLost(String why) {
        if (state == State.ARRIVING || state == State.BURST) {
            // what was seen so far may be the stale or dark frames that made the camera unusable: not decided
            skip(SkippedPresentation.Reason.MISSED, lastVisibleAt, "camera " + why);
            decided = null;
            reset(State.EMPTY);
        }
    }

    @Override
    public void close() {
        reset(State.EMPTY);
    }

    private void startTracking(Frame frame, QualityMetrics m, boolean replacement) {
        state = State.ARRIVING;
        replacing = replacement;
        arrivedAt = frame.capturedAt();
        stillSince = arrivedAt;
        lastVisibleAt = arrivedAt;
        observed = 1;
        lastBox = m.parcelBox().orElseThrow();
        fallback = new Candidate(frame.copy(), m);
    }

    private Optional<Presentation> track(Frame frame, QualityMetrics m) {
        Instant now = frame.capturedAt();
        observed++;
        lastVisibleAt = now;
        Box box = m.parcelBox().orElseThrow();
        boolean still = motion(lastBox, box) <= settings.stillMotionPx();
        lastBox = box;
        boolean timedOut = reached(arrivedAt, now, settings.settleTimeout());
        if (state == State.ARRIVING) {
            fallback = keepBetter(fallback, frame, m, true);
            if (!still) {
                stillSince = now;
            } else if (reached(stillSince, now, settings.still())) {
                state = State.BURST;
                settledAt = now;
            }
            if (state == State.ARRIVING && timedOut) {
                return endAndWatch(fallback, false);
            }
        }
        if (state == State.BURST && still) {
            best = keepBetter(best, frame, m, false);
        }
        if (reached(settledAt, now, settings.burst()) || timedOut) {
            return endAndWatch(best, true);
        }
        return Optional.empty();
    }

    /** The parcel is not in view this frame; once nothing was seen for {@code empty} it has left. */
    private Optional<Presentation> lost(Frame frame) {
        if (!reached(lastVisibleAt, frame.capturedAt(), settings.empty())) {
            return Optional.empty();
        }
        Optional<Presentation> result;
        if (replacing && (looksDecided(state == State.BURST && best != null ? best : fallback)
                || !reached(arrivedAt, lastVisibleAt, settings.minVisible()))) {
            // what moved was the decided parcel itself, on its way out (or a flicker as it was lifted off): it has
            // its decision
            LOG.debug("the parcel of presentation {} left", sequence);
            result = Optional.empty();
        } else {
            result = state == State.BURST && best != null ? end(best, true, frame.capturedAt())
                    : giveUpUnsettled(frame.capturedAt());
        }
        decided = null; // the station is empty again
        reset(State.EMPTY);
        return result;
    }

    /** While the decided parcel stays in view nothing happens; when it changes, a new presentation starts. */
    private void watchDecided(Frame frame, QualityMetrics m, boolean visible) {
        if (!visible) {
            if (reached(lastVisibleAt, frame.capturedAt(), settings.empty())) {
                decided = null;
                reset(State.EMPTY);
            }
            return;
        }
        lastVisibleAt = frame.capturedAt();
        ParcelSignature now = ParcelSignature.of(frame, m.parcelBox().orElseThrow());
        if (motion(decided.box(), now.box()) > settings.stillMotionPx()
                || decided.distance(now) > settings.replaceDistance()) {
            startTracking(frame, m, true);
        }
    }

    private Optional<Presentation> giveUpUnsettled(Instant endedAt) {
        if (fallback != null && reached(arrivedAt, lastVisibleAt, settings.minVisible())) {
            return end(fallback, false, endedAt);
        }
        skip(SkippedPresentation.Reason.TOO_SHORT, endedAt);
        return Optional.empty();
    }

    private Optional<Presentation> endAndWatch(Candidate chosen, boolean settled) {
        Optional<Presentation> p = end(chosen, settled, lastVisibleAt);
        reset(State.PRESENTED);
        return p;
    }

    /**
     * Whether a parcel leaving is the one decided. A parcel cut by the frame border was decided on a partial view,
     * so its look says nothing: a replacement that never settled before leaving is then taken as that parcel.
     */
    private boolean looksDecided(Candidate c) {
        return c != null && decided != null
                && (!decidedComplete || decided.distance(signatureOf(c)) <= settings.replaceDistance());
    }

    private static ParcelSignature signatureOf(Candidate c) {
        return ParcelSignature.of(c.frame(), c.metrics().parcelBox().orElseThrow());
    }

    /** Presents {@code chosen}, unless this is a replacement that turned out to be the parcel already decided. */
    private Optional<Presentation> end(Candidate chosen, boolean settled, Instant endedAt) {
        ParcelSignature signature = signatureOf(chosen);
        if (replacing && !settled && looksDecided(chosen)) {
            // the decided parcel kept moving and never stood still again: it has its decision
            decided = signature;
            return Optional.empty();
        }
        if (replacing && decided != null && decided.distance(signature) <= settings.replaceDistance()
                && decided.overlap(signature) >= 0.5) {
            skip(SkippedPresentation.Reason.SAME_PARCEL_AGAIN, endedAt);
            decided = signature;
            return Optional.empty();
        }
        decided = signature;
        decidedComplete = chosen.metrics().parcelComplete();
        return Optional.of(present(chosen, settled));
    }

    /** Hands the chosen frame over to the presentation (so reset must not release it). */
    private Presentation present(Candidate chosen, boolean settled) {
        Instant until = settled ? settledAt : lastVisibleAt; // unsettled: when it was given up
        Presentation p = new Presentation(++sequence, chosen.frame(), chosen.metrics(), observed, arrivedAt,
                Duration.between(arrivedAt, until), settled);
        if (chosen == best) {
            best = null;
        }
        if (chosen == fallback) {
            fallback = null;
        }
        return p;
    }

    private void skip(SkippedPresentation.Reason reason, Instant endedAt) {
        skip(reason, endedAt, null);
    }

    private void skip(SkippedPresentation.Reason reason, Instant endedAt, String detail) {
        Instant end = endedAt == null ? arrivedAt : endedAt;
        SkippedPresentation s = new SkippedPresentation(++sequence, reason, arrivedAt, end, observed, lastIndex,
                lastOrigin, detail);
        LOG.info("presentation {} skipped: {} (in view {} ms, {} frames, up to {}){}", s.sequence(), reason.code(),
                s.inView().toMillis(), observed, s.lastOrigin(), detail == null ? "" : ": " + detail);
        for (Consumer<SkippedPresentation> listener : skipListeners) {
            listener.accept(s);
        }
    }

    private void reset(State next) {
        release(best);
        release(fallback);
        best = null;
        fallback = null;
        lastBox = null;
        settledAt = null;
        observed = 0;
        replacing = false;
        state = next;
    }

    /** True when at least {@code d} passed from {@code from} to {@code to}, in whole (rounded) milliseconds. */
    private static boolean reached(Instant from, Instant to, Duration d) {
        if (from == null) {
            return false;
        }
        long nanos = Duration.between(from, to).toNanos();
        return (nanos + 500_000) / 1_000_000 >= d.toMillis();
    }

    /** Keeps the sharper of the current candidate and this frame; with {@code completeFirst} complete views win. */
    private static Candidate keepBetter(Candidate current, Frame frame, QualityMetrics m, boolean completeFirst) {
        if (current != null && !isBetter(m, current.metrics(), completeFirst)) {
            return current;
        }
        release(current);
        return new Candidate(frame.copy(), m);
    }

    private static boolean isBetter(QualityMetrics a, QualityMetrics b, boolean completeFirst) {
        if (completeFirst && a.parcelComplete() != b.parcelComplete()) {
            return a.parcelComplete();
        }
        return a.laplacianVariance() > b.laplacianVariance();
    }

    private static double motion(Box a, Box b) {
        return Math.max(Math.max(Math.abs(a.x() - b.x()), Math.abs(a.y() - b.y())),
                Math.max(Math.abs(a.x() + a.width() - b.x() - b.width()),
                        Math.abs(a.y() + a.height() - b.y() - b.height())));
    }

    private static void release(Candidate c) {
        if (c != null) {
            c.frame().close();
        }
    }

    private record Candidate(Frame frame, QualityMetrics metrics) {
    }
}
