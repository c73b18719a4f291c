package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox's delete side: rows leave after the broker's PUBACK or the collector's receipt, one transaction per
 * call on the outbox's acknowledgement connection, keeping the disk-budget byte count in step.
 */
final class OutboxDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDeleter.class);

    // rows of one queue between a batch's first and last seq are exactly its groups: appends only add higher seqs,
    // and compaction turns TRACE rows into ALERT summaries, which the queue filter keeps out
    private static final String DELETE_RANGE = "DELETE FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = ? AND seq BETWEEN ? AND ?";
    // except in the summaries' own queue (ALERT/traces): a new summary takes an old seq and may land inside a claimed
    // range, so those groups are deleted by key
    private static final String DELETE_GROUP = "DELETE FROM sync_outbox WHERE device = ? AND seq = ? AND last_seq = ?"
            + " AND priority = ? AND channel = ?";
    // a receipt names exactly the seqs the collector stored: groups it covers completely go, whatever their queue;
    // the delta table returns the freed items and bytes for the count and the disk budget in the same statement
    private static final String DELETE_RECEIPTED = "SELECT COALESCE(SUM(last_seq - seq + 1), 0),"
            + " COALESCE(SUM(payload_bytes), 0) FROM OLD TABLE"
            + " (DELETE FROM sync_outbox WHERE device = ? AND seq BETWEEN ? AND ? AND last_seq <= ?)";

    /** Recomputes the byte count from the table. */
    @FunctionalInterface
    interface Recount {
        void run() throws SQLException;
    }

    private final RenewableConnection ackConn;
    private final String device;
    private final AtomicLong usedBytes;
    private final Recount recount;

    OutboxDeleter(RenewableConnection ackConn, String device, AtomicLong usedBytes, Recount recount) {
        this.ackConn = ackConn;
        this.device = device;
        this.usedBytes = usedBytes;
        this.recount = recount;
    }

    void acknowledge(List<OutboxBatch> batches) throws SQLException {
        int expected = 0;
        long bytes = 0;
        int deleted = 0;
        Connection conn = ackConn.get();
        try (PreparedStatement range = conn.prepareStatement(DELETE_RANGE);
                PreparedStatement byKey = conn.prepareStatement(DELETE_GROUP)) {
            for (OutboxBatch batch : batches) {
                deleted += batch.priority() == Priority.ALERT && batch.channel() == Channel.TRACES
                        ? deleteByKey(byKey, batch) : deleteRange(range, batch);
                expected += batch.groups().size();
                bytes += batch.payloadBytes();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            ackConn.rollbackQuietly(e);
            throw e;
        }
        if (deleted == expected) {
            usedBytes.addAndGet(-bytes);
        } else {
            // a redelivered batch was acknowledged twice: recount instead of guessing
            LOG.debug("acknowledged {} groups of {} (duplicates)", deleted, expected);
            recount.run();
        }
    }

    private int deleteRange(PreparedStatement range, OutboxBatch batch) throws SQLException {
        range.setString(1, device);
        range.setInt(2, batch.priority().rank());
        range.setString(3, batch.channel().leaf());
        range.setLong(4, batch.firstSeq());
        range.setLong(5, batch.lastSeq());
        return range.executeUpdate();
    }

    private int deleteByKey(PreparedStatement byKey, OutboxBatch batch) throws SQLException {
        int deleted = 0;
        for (OutboxGroup group : batch.groups()) {
            byKey.setString(1, device);
            byKey.setLong(2, group.firstSeq());
            byKey.setLong(3, group.lastSeq());
            byKey.setInt(4, batch.priority().rank());
            byKey.setString(5, batch.channel().leaf());
            deleted += byKey.executeUpdate();
        }
        return deleted;
    }

    long deleteReceipted(List<long[]> ranges) throws SQLException {
        long deleted = 0;
        long bytes = 0;
        Connection conn = ackConn.get();
        try (PreparedStatement delete = conn.prepareStatement(DELETE_RECEIPTED)) {
            for (long[] range : ranges) {
                delete.setString(1, device);
                delete.setLong(2, range[0]);
                delete.setLong(3, range[1]);
                delete.setLong(4, range[1]);
                try (ResultSet rs = delete.executeQuery()) {
                    rs.next();
                    deleted += rs.getLong(1);
                    bytes += rs.getLong(2);
                }
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            ackConn.rollbackQuietly(e);
            throw e;
        }
        usedBytes.addAndGet(-bytes);
        return deleted;
    }
}
