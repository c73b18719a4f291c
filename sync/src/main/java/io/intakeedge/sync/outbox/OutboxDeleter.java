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

    // rows of one queue between a batch's first and last seq are exactly the batch: appends only add higher seqs
    private static final String DELETE_RANGE = "DELETE FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = ? AND seq BETWEEN ? AND ?";
    // compaction summaries can land inside a claimed range, so their queue is deleted row by row (H2 does not use
    // the key for "seq = ANY(?)" and would scan the whole outbox)
    private static final String DELETE_ONE = "DELETE FROM sync_outbox WHERE device = ? AND seq = ?";
    // a receipt names exactly the seqs the collector stored, so its ranges are deleted by key, whatever the queue;
    // the delta table returns the freed payload bytes for the disk budget in the same statement
    private static final String DELETE_RECEIPTED = "SELECT COUNT(*), COALESCE(SUM(payload_bytes), 0) FROM OLD TABLE"
            + " (DELETE FROM sync_outbox WHERE device = ? AND seq BETWEEN ? AND ?)";

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
        try (PreparedStatement range = ackConn.prepareStatement(DELETE_RANGE);
                PreparedStatement one = ackConn.prepareStatement(DELETE_ONE)) {
            for (OutboxBatch batch : batches) {
                deleted += batch.priority() == Priority.ALERT && batch.channel() == Channel.TRACES
                        ? deleteOneByOne(one, batch) : deleteRange(range, batch);
                expected += batch.items().size();
                bytes += batch.payloadBytes();
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
            LOG.debug("acknowledged {} rows of {} (duplicates)", deleted, expected);
            recount.run();
        }
    }

    private int deleteOneByOne(PreparedStatement one, OutboxBatch batch) throws SQLException {
        int deleted = 0;
        for (long seq : batch.seqs()) {
            one.setString(1, device);
            one.setLong(2, seq);
            deleted += one.executeUpdate();
        }
        return deleted;
    }

    private int deleteRange(PreparedStatement range, OutboxBatch batch) throws SQLException {
        range.setString(1, device);
        range.setInt(2, batch.priority().rank());
        range.setString(3, batch.channel().leaf());
        range.setLong(4, batch.firstSeq());
        range.setLong(5, batch.lastSeq());
        return range.executeUpdate();
    }

    long deleteReceipted(List<long[]> ranges) throws SQLException {
        long deleted = 0;
        long bytes = 0;
        try (PreparedStatement delete = ackConn.prepareStatement(DELETE_RECEIPTED)) {
            for (long[] range : ranges) {
                delete.setString(1, device);
                delete.setLong(2, range[0]);
                delete.setLong(3, range[1]);
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
