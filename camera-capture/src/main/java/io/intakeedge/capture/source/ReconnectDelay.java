package io.intakeedge.capture.source;

/**
 * The delays between a live camera's restart attempts. The station passes the project's one back-off
 * ({@code io.intakeedge.sync.mqtt.Backoff}: exponential with jitter), which camera-capture cannot depend on; this
 * is only the shape it is used through. One instance per camera, used from its capture thread only.
 */
public interface ReconnectDelay {
    /** The delay before the next attempt, in milliseconds; grows with each call until {@link #reset}. */
    long nextMillis();

    /** A frame arrived: the next outage starts again from the shortest delay. */
    void reset();
}
