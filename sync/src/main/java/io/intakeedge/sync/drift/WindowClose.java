package io.intakeedge.sync.drift;

import java.util.Arrays;

/** Why a drift window closed. */
public enum WindowClose {
    /** It reached {@link DriftSettings#windowMaxCount()} observations. */
    COUNT("count"),
    /** It reached {@link DriftSettings#windowDuration()}. */
    TIME("time"),
    /** The agent is shutting down ({@link DriftMonitor#flush}). */
    FLUSH("flush"),
    /** The active bundle, and with it the reference profile, changed. */
    REFERENCE_CHANGE("reference_change");

    private final String wireName;

    WindowClose(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static WindowClose byWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown window close reason: " + name));
    }
}
