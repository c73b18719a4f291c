package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One decision per parcel at an intake station, where a parcel is placed, stays still, then leaves.
 *
 * <p>Fed frame by frame with the analyzer's metrics: a visible parcel starts a presentation; once its box has moved
 * at most {@code stillMotionPx} between consecutive frames for {@code stillFrames} frames it counts as settled, and
 * the sharpest (highest Laplacian variance) frame of the next {@code burstFrames} still frames is presented. Then the
 * trigger waits until the station has been empty for {@code emptyFramesToRearm} frames before it arms again. A
 * parcel that does not settle within {@code settleTimeoutFrames}, or leaves before settling, still yields exactly one
 * presentation, flagged unsettled, with the best frame seen (complete views first, then sharpest). Blips shorter
 * than {@code minVisibleFrames} are ignored.
 *
 * <p>Limitation: a parcel swapped for another without the station ever looking empty is one presentation.
 * Not thread-safe; one trigger per camera.
 */
public final class PresentationTrigger implements PresentationPolicy {

    /**
     * Tuning; counts are in frames so behaviour does not depend on wall-clock jitter.
     *
     * @param stillMotionPx       largest box-edge movement between frames (full-resolution pixels) that is "still";
     *                            above the analyzer's box quantisation (4 px at the default downscale)
     * @param stillFrames         consecutive still frames before the parcel counts as settled
     * @param burstFrames         still frames the sharpest one is chosen from
     * @param settleTimeoutFrames frames in view after which an unsettled parcel is presented anyway
     * @param emptyFramesToRearm  frames without a parcel that end a presentation
     * @param minVisibleFrames    shorter appearances are noise, not parcels
     */
    public record Settings(double stillMotionPx, int stillFrames, int burstFrames, int settleTimeoutFrames,
                           int emptyFramesToRearm, int minVisibleFrames) {
        public static final Settings DEFAULTS = new Settings(6.0, 3, 4, 45, 3, 2);

        public Settings {
            if (stillMotionPx < 0 || stillFrames < 1 || burstFrames < 1 || emptyFramesToRearm < 1
                    || minVisibleFrames < 1 || settleTimeoutFrames < stillFrames + burstFrames) {
                throw new IllegalArgumentException("invalid presentation trigger settings: " + this);
            }
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
        /** The parcel was presented; waiting for the station to be empty. */
        PRESENTED
    }

    private final Settings settings;
    private State state = State.EMPTY;
    private long sequence;
    private Instant arrivedAt;
    private Instant settledAt;
    private int observed;
    private int stillCount;
    private int burstCount;
    private int missing;
    private Box lastBox;
    private Candidate best;
    private Candidate fallback;

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
    public Optional<Presentation> offer(Frame frame, QualityMetrics metrics) {
        boolean visible = metrics.parcelVisible() && metrics.parcelBox().isPresent();
        return switch (state) {
            case EMPTY -> {
                if (visible) {
                    startTracking(frame, metrics);
                }
                yield Optional.empty();
            }
            case ARRIVING, BURST -> visible ? track(frame, metrics) : lost();
            case PRESENTED -> {
                missing = visible ? 0 : missing + 1;
                if (missing >= settings.emptyFramesToRearm()) {
                    state = State.EMPTY;
                }
                yield Optional.empty();
            }
        };
    }

    @Override
    public Optional<Presentation> finish() {
        Optional<Presentation> pending = Optional.empty();
        if (state == State.BURST && best != null) {
            pending = Optional.of(present(best, true));
        } else if (state == State.ARRIVING && observed >= settings.minVisibleFrames()) {
            pending = Optional.of(present(fallback, false));
        }
        reset(State.EMPTY);
        return pending;
    }

    @Override
    public void close() {
        reset(State.EMPTY);
    }

    private void startTracking(Frame frame, QualityMetrics m) {
        state = State.ARRIVING;
        arrivedAt = frame.capturedAt();
        observed = 1;
        stillCount = 0;
        missing = 0;
        lastBox = m.parcelBox().orElseThrow();
        fallback = new Candidate(frame.copy(), m);
    }

    private Optional<Presentation> track(Frame frame, QualityMetrics m) {
        observed++;
        missing = 0;
        Box box = m.parcelBox().orElseThrow();
        boolean still = motion(lastBox, box) <= settings.stillMotionPx();
        lastBox = box;
        if (state == State.ARRIVING) {
            fallback = keepBetter(fallback, frame, m, true);
            stillCount = still ? stillCount + 1 : 0;
            if (stillCount >= settings.stillFrames()) {
                state = State.BURST;
                settledAt = frame.capturedAt();
                burstCount = 0;
            } else if (observed >= settings.settleTimeoutFrames()) {
                return Optional.of(presentAndWait(fallback, false));
            }
        }
        if (state == State.BURST) {
            if (still) {
                best = keepBetter(best, frame, m, false);
                burstCount++;
            }
            if (burstCount >= settings.burstFrames() || (observed >= settings.settleTimeoutFrames() && best != null)) {
                return Optional.of(presentAndWait(best, true));
            }
        }
        return Optional.empty();
    }

    /** The parcel is not in view this frame; after enough such frames it has left. */
    private Optional<Presentation> lost() {
        missing++;
        if (missing < settings.emptyFramesToRearm()) {
            return Optional.empty();
        }
        Optional<Presentation> result = Optional.empty();
        if (state == State.BURST && best != null) {
            result = Optional.of(present(best, true));
        } else if (observed >= settings.minVisibleFrames()) {
            result = Optional.of(present(fallback, false));
        }
        reset(State.EMPTY);
        return result;
    }

    private Presentation presentAndWait(Candidate chosen, boolean settled) {
        Presentation p = present(chosen, settled);
        reset(State.PRESENTED);
        return p;
    }

    /** Hands the chosen frame over to the presentation (so reset must not release it). */
    private Presentation present(Candidate chosen, boolean settled) {
        Instant until = settled ? settledAt : chosen.frame().capturedAt();
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

    private void reset(State next) {
        release(best);
        release(fallback);
        best = null;
        fallback = null;
        lastBox = null;
        observed = 0;
        stillCount = 0;
        burstCount = 0;
        missing = 0;
        state = next;
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
