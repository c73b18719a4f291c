package io.intakeedge.agent.trace;

import io.intakeedge.capture.RejectedInput;
import io.intakeedge.capture.presentation.SkippedPresentation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A record of something that reached the station but led to no decision: a skipped presentation or a rejected input.
 * Stored in {@code agent_skipped} next to the traces (docs/trace.md), so an audit can account for every parcel.
 *
 * @param kind           {@link Kind#PRESENTATION} or {@link Kind#INPUT}
 * @param parcelSeq      the presentation number it used up (decisions and skips share one sequence); null for inputs
 * @param reason         {@code too_short}, {@code same_parcel_again}, {@code missed} (presentations),
 *                       {@code unusable_input} (inputs)
 * @param detail         human-readable detail (the decoder's message for an input), or null
 * @param frameIndex     the frame on which it was given up; null for inputs that never became a frame
 * @param arrivedAt      first frame in view; null for inputs
 * @param endedAt        when it was given up or rejected
 * @param framesObserved frames in view; null for inputs
 */
public record Skipped(UUID skipId, Kind kind, String deviceId, String stationId, String cameraId, Long parcelSeq,
                      String reason, String detail, Long frameIndex, String frameOrigin, Instant arrivedAt,
                      Instant endedAt, Integer framesObserved, Instant recordedAt) {

    /** Reason of every input a source rejected by itself (the detail says why). */
    public static final String UNUSABLE_INPUT = "unusable_input";

    /** What was skipped. */
    public enum Kind {
        PRESENTATION("presentation"), INPUT("input");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind of(String code) {
            for (Kind k : values()) {
                if (k.code.equals(code)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown skipped kind " + code);
        }
    }

    public Skipped {
        Objects.requireNonNull(skipId, "skipId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(frameOrigin, "frameOrigin");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public static Skipped of(String deviceId, String stationId, String cameraId, SkippedPresentation p) {
        return new Skipped(UUID.randomUUID(), Kind.PRESENTATION, deviceId, stationId, cameraId, p.sequence(),
                p.reason().code(), "in view " + p.inView().toMillis() + " ms"
                        + (p.detail() == null ? "" : "; " + p.detail()), p.lastFrameIndex(), p.lastOrigin(),
                p.arrivedAt(), p.endedAt(), p.framesObserved(), Instant.now());
    }

    public static Skipped of(String deviceId, String stationId, RejectedInput r) {
        return new Skipped(UUID.randomUUID(), Kind.INPUT, deviceId, stationId, r.cameraId(), null, UNUSABLE_INPUT,
                r.reason(), null, r.origin(), null, r.at(), null, Instant.now());
    }
}
