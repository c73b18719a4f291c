package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.Topic;

/**
 * Limits of one device's outbox.
 *
 * @param device        device id the sequence belongs to ({@code [A-Za-z0-9_-]{1,64}})
 * @param budgetBytes   payload bytes the outbox may hold before low-priority traces are compacted
 * @param hardCapBytes  payload bytes beyond which appends fail with {@link OutboxFullException}, reached only when
 *                      nothing compactable is left (alerts and priority traces alone fill it)
 * @param maxEntryBytes largest single payload accepted (UTF-8 bytes)
 */
public record OutboxSettings(String device, long budgetBytes, long hardCapBytes, int maxEntryBytes) {
    /** Default budget: 256 MiB of payload, about 250,000 traces of 1 KiB. */
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;
    /**
     * Largest payload: H2's CHARACTER VARYING holds 1,000,000 characters, and an entry's row also carries its item
     * header (seq, kind, time), so stay a little below.
     */
    public static final int MAX_ENTRY_LIMIT = 999_000;

    public OutboxSettings {
        Topic.requireId("device", device);
        if (budgetBytes < 1024) {
            throw new IllegalArgumentException("outbox budgetBytes must be >= 1024, got " + budgetBytes);
        }
        if (hardCapBytes < budgetBytes) {
            throw new IllegalArgumentException("outbox hardCapBytes (" + hardCapBytes
                    + ") must be >= budgetBytes (" + budgetBytes + ")");
        }
        if (maxEntryBytes < 64 || maxEntryBytes > MAX_ENTRY_LIMIT || maxEntryBytes > budgetBytes) {
            throw new IllegalArgumentException("outbox maxEntryBytes must be in 64.." + MAX_ENTRY_LIMIT
                    + " and <= budgetBytes, got " + maxEntryBytes);
        }
    }

    /** Default budget, hard cap 1.5x the budget, entries up to 512 KiB. */
    public static OutboxSettings defaults(String device) {
        return withBudget(device, DEFAULT_BUDGET_BYTES);
    }

    /** The given budget, hard cap 1.5x the budget, entries up to min(512 KiB, budget). */
    public static OutboxSettings withBudget(String device, long budgetBytes) {
        return new OutboxSettings(device, budgetBytes, budgetBytes + budgetBytes / 2,
                (int) Math.min(512 * 1024, budgetBytes));
    }
}
