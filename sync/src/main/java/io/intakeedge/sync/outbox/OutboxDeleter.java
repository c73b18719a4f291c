package io.intakeedge.sync.outbox;

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

    // a group is deleted by its key and its queue: a compaction summary may take over the key of a compacted single
    // trace that an old connection had claimed, and a late PUBACK for that trace must not delete the summary
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

    private final Connection ackConn;
    private final String device;
    private final AtomicLong usedBytes;
    private final Recount recount;

    OutboxDeleter(Connection ackConn, String device, AtomicLong usedBytes, Recount recount) {
        this.ackConn = ackConn;
        this.device = device;
        this.usedBytes = usedBytes;
        this.recount = recount;
    }

    void acknowledge(List<OutboxBatch> batches) throws SQLException {
        int expected = 0;
        long bytes = 0;
        int deleted = 0;
        try (PreparedStatement delete = ackConn.prepareStatement(DELETE_GROUP)) {
            for (OutboxBatch batch : batches) {
                for (OutboxGroup group : batch.groups()) {
                    delete.setString(1, device);
                    delete.setLong(2, group.firstSeq());
                    delete.setLong(3, group.lastSeq());
                    delete.setInt(4, batch.priority().rank());
                    delete.setString(5, batch.channel().leaf());
                    delete.addBatch();
                }
                expected += batch.groups().size();
                bytes += batch.payloadBytes();
            }
            for (int n : delete.executeBatch()) {
                deleted += n;
            }
            ackConn.commit();
        } catch (SQLException | RuntimeException e) {
            ackConn.rollback();
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

    long deleteReceipted(List<long[]> ranges) throws SQLException {
        long deleted = 0;
        long bytes = 0;
        try (PreparedStatement delete = ackConn.prepareStatement(DELETE_RECEIPTED)) {
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
            ackConn.commit();
        } catch (SQLException | RuntimeException e) {
            ackConn.rollback();
            throw e;
        }
        usedBytes.addAndGet(-bytes);
        return deleted;
    }
}
