package io.intakeedge.sync.outbox;

/**
 * Committed counts of one device's outbox.
 *
 * @param pending        rows not yet acknowledged by the broker (compaction summaries included)
 * @param pendingBytes   their payload bytes (what the budget counts)
 * @param compactedTotal traces ever compacted into summaries under disk pressure
 * @param summaries      compaction summaries ever written
 */
public record OutboxStats(long pending, long pendingBytes, long compactedTotal, long summaries) {
}
