package io.intakeedge.agent.app;

import io.intakeedge.agent.status.EventLog;
import io.intakeedge.agent.trace.Skipped;
import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.presentation.SkippedPresentation;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where a live camera's state changes and missed parcels go: the pipeline (a parcel being presented when frames stop
 * being usable is missed, not decided), the station's timeline once the status site runs, and central through
 * {@link CameraEvents}.
 */
final class CameraWatch {
    private final String cameraId;
    private final CameraEvents central;
    private final Consumer<String> cameraLost;
    /** Where camera state changes go once the status site runs. */
    private final AtomicReference<EventLog> timeline = new AtomicReference<>();
    /** Capture thread only: whether the last camera state let frames through. */
    private boolean usable;

    /** @param cameraLost told why, when frames stop being usable (on the capture thread) */
    CameraWatch(String cameraId, CameraEvents central, Consumer<String> cameraLost) {
        this.cameraId = cameraId;
        this.central = central;
        this.cameraLost = cameraLost;
    }

    /** From now on the timeline hears every change. */
    void timeline(EventLog log) {
        timeline.set(log);
    }

    /** A live camera changed state (on the capture thread, inside the source's {@code next}). */
    void health(CameraHealth h) {
        boolean nowUsable = h.usable();
        if (usable && !nowUsable) {
            cameraLost.accept(h.state().code() + ": " + h.reason());
        }
        usable = nowUsable;
        central.health(h);
        EventLog log = timeline.get();
        if (log != null) {
            String severity = nowUsable || h.state() == CameraHealth.State.OPENING ? "info" : "warning";
            log.add("camera_" + h.state().code(), severity, "camera " + cameraId + " " + h.state().code() + ": "
                    + h.reason());
        }
    }

    /** A presentation ended without a decision; only a missed parcel is news (the others are counted). */
    void skipped(Skipped s) {
        if (!SkippedPresentation.Reason.MISSED.code().equals(s.reason())) {
            return;
        }
        EventLog log = timeline.get();
        if (log != null) {
            log.add("parcel_missed", "warning", "parcel " + s.parcelSeq() + " missed: " + s.detail());
        }
        central.missed(s);
    }
}
