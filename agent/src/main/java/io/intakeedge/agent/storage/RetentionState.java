package io.intakeedge.agent.storage;

import java.time.Instant;

/**
 * Trace retention since start, for {@code /api/status} ({@code storage.retention}) and {@code /metrics}.
 *
 * @param maxAgeDays       traces decided longer ago go (station.yaml {@code retention.max_age_days})
 * @param maxTraces        beyond this many the oldest go; 0: no count limit
 * @param lastRunAt        when retention last ran; null before the first run
 * @param tracesDeleted    traces deleted since start, all reasons
 * @param deletedForAge    of those, older than {@code maxAgeDays}
 * @param deletedForCount  beyond {@code maxTraces}
 * @param deletedForSize   to bring the H2 file under the profile's {@code h2_budget_mb}
 * @param evidenceDeleted  evidence JPEGs deleted with their traces
 * @param waitingForSync   traces past their age that the last run kept because their outbox item had not left yet
 * @param h2BytesBefore    the H2 file before the last run's compaction
 * @param h2BytesAfter     and after it
 * @param lastError        why the last run failed; null when it did not
 */
public record RetentionState(int maxAgeDays, long maxTraces, Instant lastRunAt, long tracesDeleted,
                             long deletedForAge, long deletedForCount, long deletedForSize, long evidenceDeleted,
                             long waitingForSync, long h2BytesBefore, long h2BytesAfter, String lastError) {
}
