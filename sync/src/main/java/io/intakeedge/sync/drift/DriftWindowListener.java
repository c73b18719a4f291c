package io.intakeedge.sync.drift;

/**
 * Receives each closed window, in close order per camera. The agent stores it ({@link DriftWindowStore}), puts its
 * JSON ({@link DriftWindowJson}) in the outbox as kind {@code drift}, and for a critical window also an alert
 * event ({@link DriftWindowJson#alertEvent}).
 */
@FunctionalInterface
public interface DriftWindowListener {

    /** Ignores windows; for callers that only use the return values of {@link DriftMonitor}. */
    DriftWindowListener NONE = window -> { };

    void onWindowClosed(DriftWindow window);
}
