package io.intakeedge.agent.config;

import java.time.Duration;

/**
 * {@code retention:} in station.yaml: how long decided traces and their evidence stay on the station
 * (docs/trace.md, "Retention"). A trace is deleted only once its outbox item has left the outbox; besides its age,
 * the device profile's {@code h2_budget_mb} also lets the oldest of those go.
 *
 * @param maxAgeDays traces decided longer ago than this are deleted (default 30)
 * @param maxTraces  beyond this many stored traces the oldest are deleted; 0 (default): no count limit
 */
public record RetentionSettings(Integer maxAgeDays, Long maxTraces) {
    public static final RetentionSettings DEFAULT = new RetentionSettings(null, null);

    public RetentionSettings {
        maxAgeDays = maxAgeDays == null ? 30 : maxAgeDays;
        maxTraces = maxTraces == null ? 0L : maxTraces;
        if (maxAgeDays < 1 || maxTraces < 0) {
            throw new IllegalArgumentException("retention: max_age_days must be >= 1 and max_traces >= 0 (0: no "
                    + "count limit), got " + maxAgeDays + " and " + maxTraces);
        }
    }

    public Duration maxAge() {
        return Duration.ofDays(maxAgeDays);
    }
}
