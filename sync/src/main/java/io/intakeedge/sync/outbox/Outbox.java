package io.intakeedge.sync.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The producers' side of the durable store-and-forward queue in the agent's database. Appending happens in the
 * caller's transaction, so a trace and its outbox entry commit (or roll back) together. The publisher reads the
 * other side, {@link OutboxDrain}.
 */
public interface Outbox {

    /**
     * Appends one entry using {@code tx} (auto-commit off; the caller commits) and returns the entry's per-device
     * monotonic sequence number.
     *
     * @throws OutboxFullException when the disk budget is exhausted and the entry may not be compacted or dropped
     */
    long append(Connection tx, OutboxEntry entry) throws SQLException;

    /**
     * Appends several entries in the caller's transaction with one sequence update, for callers that group-commit;
     * returns their seqs (consecutive, in the given order). Runs of one priority and kind are stored as one group,
     * which the drain claims and deletes as a whole: group-committing callers should use this, not a loop of
     * {@link #append}. All entries are checked before anything is written.
     *
     * @throws OutboxFullException as {@link #append}; then nothing of the list is stored
     */
    long[] appendAll(Connection tx, List<OutboxEntry> entries) throws SQLException;

    /** Entries not yet acknowledged by the broker. */
    long pending() throws SQLException;
}
