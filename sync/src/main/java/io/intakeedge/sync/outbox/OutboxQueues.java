package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

    private static final String CLAIM = "SELECT seq, kind, created_at_ms, payload_bytes, payload FROM sync_outbox "
            + "WHERE device = ? AND priority = ? AND channel = ? AND seq > ? "
            // the full index order lets H2 walk the index and stop at LIMIT ("index sorted"); ORDER BY seq alone
            // makes it sort every pending row of the queue on each claim
            + "ORDER BY device, priority, channel, seq LIMIT ?";

    private final Connection conn;
    private final String device;
    private final ReentrantLock lock = new ReentrantLock();
    private final long[][] cursors = new long[Priority.values().length][Channel.values().length];
    private final PreparedStatement claim;

    OutboxQueues(Connection conn, String device) throws SQLException {
        this.conn = conn;
        this.device = device;
        conn.setAutoCommit(true);
        this.claim = conn.prepareStatement(CLAIM);
    }

    Optional<OutboxBatch> claim(Priority priority, Channel channel, int maxItems, long maxBytes) throws SQLException {
        lock.lock();
        try {
            claim.setString(1, device);
            claim.setInt(2, priority.rank());
            claim.setString(3, channel.leaf());
            claim.setLong(4, cursors[priority.ordinal()][channel.ordinal()]);
            claim.setInt(5, maxItems);
            List<BatchItem> items = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    int size = rs.getInt(4);
                    if (!items.isEmpty() && bytes + size > maxBytes) {
                        break;
                    }
                    items.add(new BatchItem(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(5)));
                    bytes += size;
                }
            }
            if (items.isEmpty()) {
                return Optional.empty();
            }
            OutboxBatch batch = new OutboxBatch(priority, channel, items, bytes);
            cursors[priority.ordinal()][channel.ordinal()] = batch.lastSeq();
            return Optional.of(batch);
        } finally {
            lock.unlock();
        }
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
