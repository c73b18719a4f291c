package io.intakeedge.capture;

import java.time.Instant;
import java.util.Objects;

/**
 * What a live camera is doing now, with the reason: published by the source on every change of state (its
 * {@link FrameSource#onHealth} listeners) and readable at any time ({@link FrameSource#health()}).
 *
 * @param state  the named state
 * @param reason one line for operators: what was seen, for how long, the child process's last words
 * @param since  when the source entered this state (the reason may be updated within it, e.g. the retry count)
 */
public record CameraHealth(State state, String reason, Instant since) {
    public CameraHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    /**
     * The named states. Frames are handed on for decisions only in {@linkplain #usable() usable} states: a frozen
     * picture is a stale buffer and a covered lens shows nothing, so deciding on them would invent a decision.
     * A wrong frame rate still delivers real, timestamped pictures (the presentation trigger measures time, not
     * frames): those frames are decided, and the state says the camera is not delivering what it should.
     */
    public enum State {
        /** The capture process is starting; no frame yet. */
        OPENING("opening", false),
        /** Frames arrive at the expected rate and change. */
        OK("ok", true),
        /** The first start failed (process refused, exited or sent no frame); retried with back-off. */
        OPEN_FAILED("open_failed", false),
        /** No frame within the stall timeout while the process runs (a blocked read, bounded by the watchdog). */
        STALLED("stalled", false),
        /** Byte-identical consecutive frames: a live sensor always has noise, so this is a stale buffer. */
        FROZEN("frozen", false),
        /** A long run of black frames: lens covered, lights off, exposure broken. */
        COVERED_OR_DARK("covered_or_dark", false),
        /** Fewer frames per second than configured (beyond the tolerance). */
        RATE_LOW("rate_low", true),
        /** More frames per second than configured (beyond the tolerance). */
        RATE_HIGH("rate_high", true),
        /** The stream was lost (process exited, stall not cured); restarting it with back-off. */
        RECONNECTING("reconnecting", false);

        private final String code;
        private final boolean usable;

        State(String code, boolean usable) {
            this.code = code;
            this.usable = usable;
        }

        /** The name shown in the status API, events and metrics. */
        public String code() {
            return code;
        }

        /** Whether frames in this state may be decided on. */
        public boolean usable() {
            return usable;
        }
    }

    public boolean usable() {
        return state.usable();
    }
}
