package io.intakeedge.sync.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The durable store-and-forward queue in the agent's H2 database. Appending happens in the caller's transaction,
 * so a trace and its outbox row commit (or roll back) together.
 */
public interface Outbox {

    /**
     * Appends one entry using {@code tx} (auto-commit off; the caller commits) and returns the entry's per-device
     * monotonic sequence number.
     *
     * @throws OutboxFullException when the disk budget is exhausted and the entry may not be compacted or dropped
     */
    long append(Connection tx, OutboxEntry entry) throws SQLException;

    /** Entries not yet acknowledged by the broker. */
    long pending() throws SQLException;
}
