package io.intakeedge.sync.drift;

import java.util.Arrays;

/**
 * Verdict of a window, or of one feature in it. Only {@link #CRITICAL} raises an alert. The three judged bands are
 * declared in rising severity: the window takes the worst by declaration order.
 */
public enum DriftStatus {
    /** PSI below the warning band (seeds: &lt; 0.1). */
    OK("ok"),
    /** PSI in the warning band (seeds: 0.1 – 0.2, both ends included). */
    WARNING("warning"),
    /** PSI above the critical threshold (seeds: &gt; 0.2): raises an alert event. */
    CRITICAL("critical"),
    /** Fewer samples than the configured minimum: no PSI, no alert. */
    INSUFFICIENT_SAMPLES("insufficient_samples"),
    /** No usable reference profile (missing, incompatible, or without data for this feature): no PSI. */
    NO_REFERENCE("no_reference");

    private final String wireName;

    DriftStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DriftStatus byWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown drift status: " + name));
    }
}
