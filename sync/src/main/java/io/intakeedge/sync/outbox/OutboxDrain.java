package io.intakeedge.sync.outbox;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The drain side of the outbox, what a publisher needs (as Kura's {@code DataStore} is for its {@code DataService}):
 * claim batches in priority order, delete them once the broker or the collector has them, rewind after a lost
 * connection, and learn when producers committed something new.
 */
public interface OutboxDrain {

    /** The device whose outbox this is. */
    String device();

    /**
     * Claims the next batch in drain order (ALERT, PRIORITY_TRACE, TRACE; within a priority the channels events,
     * drift, traces): whole groups up to {@code maxItems} items and {@code maxBytes} bytes, but always at least one
     * group. Empty when nothing unclaimed is committed.
     */
    Optional<OutboxBatch> claim(int maxItems, long maxBytes) throws SQLException;

    /** Deletes batches the broker acknowledged, in one transaction. */
    void acknowledge(List<OutboxBatch> batches) throws SQLException;

    /**
     * Deletes every group whose seqs the collector's receipts cover, in one transaction; returns the number of items
     * deleted. Ranges whose rows are already gone (a receipt for a redelivery) delete nothing.
     *
     * @param ranges inclusive {@code [first, last]} seq ranges, as in {@link io.intakeedge.sync.protocol.Receipt}
     */
    long deleteReceipted(List<long[]> ranges) throws SQLException;

    /** Whether any group of {@code batch}'s queue between its first and last seq is still in the outbox. */
    boolean holdsAny(OutboxBatch batch) throws SQLException;

    /** Makes every undeleted row claimable again, e.g. after the connection to the broker was lost. */
    void releaseAll();

    /** Counts from the committed state. */
    OutboxStats stats() throws SQLException;

    /**
     * Runs {@code listener} on the appender's thread after every append, before the appender commits: the listener
     * should only signal, and the drain call {@link #awaitOpenAppends} before it claims.
     */
    void onAppend(Runnable listener);

    /**
     * Waits until transactions that appended before this call have committed or rolled back (at most the
     * database's lock timeout), so a claim right after sees their rows.
     */
    void awaitOpenAppends();
}
