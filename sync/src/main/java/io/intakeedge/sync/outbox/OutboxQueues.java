package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The drain side of the outbox: one cursor per (priority, channel) queue marking what is claimed. Everything at or
 * below a cursor is in flight or gone; commits arrive in seq order (see {@link H2Outbox}), so nothing appears below a
 * cursor later. Compaction runs with claims paused and only above the TRACE cursor, so it never swallows a row that
 * is on its way to the broker.
 */
final class OutboxQueues implements AutoCloseable {
    /** Work that must not overlap a claim; gets the TRACE/traces cursor. */
    interface PausedWork<T> {
        T run(long traceCursor) throws SQLException;
    }

    private static final String CLAIM = "SELECT seq, last_seq, items FROM sync_outbox "
            + "WHERE device = ? AND priority = ? AND channel = ? AND seq > ? "
            // the full index order lets H2 walk the index and stop at LIMIT ("index sorted"); ORDER BY seq alone
            // makes it sort every pending row of the queue on each claim
            + "ORDER BY device, priority, channel, seq LIMIT ?";
    /** Rows fetched per query at most (a query per row would cap one-item groups; see {@link #pageSize}). */
    private static final int MAX_ROWS_PER_QUERY = 1000;

    private final RenewableConnection conn;
    private final String device;
    private final ReentrantLock lock = new ReentrantLock();
    private final long[][] cursors = new long[Priority.values().length][Channel.values().length];
    private Connection claimConn;
    private PreparedStatement claim;

    /** @param conn auto-commit; committed rows survive a closed connection, so the cursors stay valid */
    OutboxQueues(RenewableConnection conn, String device) throws SQLException {
        this.conn = conn;
        this.device = device;
        prepare();
    }

    /** The claim statement, prepared again when the connection under it was renewed. */
    private void prepare() throws SQLException {
        Connection current = conn.get();
        if (current != claimConn) {
            claimConn = current;
            claim = current.prepareStatement(CLAIM);
        }
    }

    /** Claims whole groups of one queue: at most {@code maxItems}/{@code maxBytes}, but at least one group. */
    Optional<OutboxBatch> claim(Priority priority, Channel channel, int maxItems, long maxBytes) throws SQLException {
        lock.lock();
        try {
            return claimLocked(priority, channel, maxItems, maxBytes);
        } catch (SQLException e) {
            conn.failed(e); // a failed database: the next claim opens it again
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private Optional<OutboxBatch> claimLocked(Priority priority, Channel channel, int maxItems, long maxBytes)
            throws SQLException {
        prepare();
        long[] cursor = cursors[priority.ordinal()];
        List<OutboxGroup> groups = new ArrayList<>();
        long bytes = 0;
        int items = 0;
        boolean more = true;
        while (more && items < maxItems) {
            int page = pageSize(groups.size(), items, maxItems - items);
            claim.setString(1, device);
            claim.setInt(2, priority.rank());
            claim.setString(3, channel.leaf());
            long after = groups.isEmpty() ? cursor[channel.ordinal()] : groups.get(groups.size() - 1).lastSeq();
            claim.setLong(4, after);
            claim.setInt(5, page);
            int read = 0;
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    read++;
                    OutboxGroup group = new OutboxGroup(rs.getLong(1), rs.getLong(2), rs.getBytes(3));
                    if (!groups.isEmpty() && (items + group.itemCount() > maxItems
                            || bytes + group.bytes() > maxBytes)) {
                        more = false;
                        break;
                    }
                    groups.add(group);
                    items += group.itemCount();
                    bytes += group.bytes();
                }
            }
            more &= read == page;
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        OutboxBatch batch = new OutboxBatch(priority, channel, groups, bytes);
        cursor[channel.ordinal()] = batch.lastSeq();
        return Optional.of(batch);
    }

    /**
     * Rows to read next: one to start with, then enough for the items still wanted at the average group size seen
     * (a row that does not fit is read for nothing, and rows can be 100 KiB).
     */
    private static int pageSize(int groups, int items, int itemsWanted) {
        if (groups == 0) {
            return 1;
        }
        int perGroup = Math.max(1, items / groups);
        return Math.max(1, Math.min(MAX_ROWS_PER_QUERY, (itemsWanted + perGroup - 1) / perGroup));
    }

    /** Runs compaction with claims paused; a summary lands in ALERT/traces below its cursor, so rewind that one. */
    TraceCompactor.Result withClaimsPaused(PausedWork<TraceCompactor.Result> work) throws SQLException {
        lock.lock();
        try {
            TraceCompactor.Result result = work.run(cursors[Priority.TRACE.ordinal()][Channel.TRACES.ordinal()]);
            if (result != null) {
                long[] alert = cursors[Priority.ALERT.ordinal()];
                alert[Channel.TRACES.ordinal()] = Math.min(alert[Channel.TRACES.ordinal()], result.summarySeq() - 1);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    void rewind() {
        lock.lock();
        try {
            for (long[] row : cursors) {
                java.util.Arrays.fill(row, 0);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            claim.close();
            conn.close();
        } finally {
            lock.unlock();
        }
    }
}
