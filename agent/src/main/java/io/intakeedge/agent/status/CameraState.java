package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * What the page and {@code /readyz} say about the camera. A live camera (rtsp, v4l2, csi) names its own state with
 * its reason ({@code opening}, {@code ok}, {@code open_failed}, {@code stalled}, {@code frozen},
 * {@code covered_or_dark}, {@code rate_low}, {@code rate_high}, {@code reconnecting}; see
 * {@link io.intakeedge.capture.CameraHealth}); for other sources it is judged here from the frames: {@code ok},
 * {@code waiting} (no frame yet), {@code stalled} (no frame for a while), {@code failing} (the source throws and no
 * frame arrives). While the agent is not running its own state is shown ({@code starting}, {@code stopping},
 * {@code stopped}).
 */
public record CameraState(String state, String reason) {
    /** Without a frame for this long a running camera counts as stalled. */
    public static final Duration STALL_AFTER = Duration.ofSeconds(5);
    /** A source error counts as current when no frame arrived for this long after it. */
    static final Duration FAILING_AFTER = Duration.ofSeconds(2);

    public static final String OK = "ok";

    public boolean ok() {
        return state.equals(OK);
    }

    public static CameraState of(AgentStatus status, Instant now) {
        if (!"running".equals(status.state())) {
            return new CameraState(status.state(), "agent is " + status.state());
        }
        AgentStatus.CameraStatus cam = status.camera();
        if (cam.health() != null) {
            return new CameraState(cam.health(), cam.healthReason());
        }
        if (cam.lastFrameAt() == null) {
            return cam.lastError() != null ? new CameraState("failing", cam.lastError())
                    : new CameraState("waiting", "no frame yet");
        }
        Duration age = Duration.between(cam.lastFrameAt(), now);
        if (cam.lastError() != null && age.compareTo(FAILING_AFTER) > 0) {
            return new CameraState("failing", cam.lastError());
        }
        if (age.compareTo(STALL_AFTER) > 0) {
            return new CameraState("stalled", "no frame for " + age.toSeconds() + " s");
        }
        return new CameraState(OK, "frames arriving");
    }
}
