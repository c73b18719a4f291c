package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.trace.AgentDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Downgrade permits in the agent's H2 file ({@code agent_bundle_downgrade_permit}, migration V8). Expired rows are
 * deleted as new permits are granted: an expired permit allows nothing anyway.
 */
public final class H2DowngradePermits implements DowngradePermits {
    private final AgentDatabase db;

    public H2DowngradePermits(AgentDatabase db) {
        this.db = db;
    }

    @Override
    public void allow(long sequence, Instant expiresAt, String commandId) {
        try (Connection conn = db.connect()) {
            Instant now = Instant.now();
            // expired permits go, and this sequence's permit when the new one lasts longer
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM agent_bundle_downgrade_permit "
                    + "WHERE expires_at < ? OR (sequence = ? AND expires_at < ?)")) {
                del.setTimestamp(1, Timestamp.from(now));
                del.setLong(2, sequence);
                del.setTimestamp(3, Timestamp.from(expiresAt));
                del.executeUpdate();
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO agent_bundle_downgrade_permit "
                    + "(sequence, expires_at, command_id, granted_at) VALUES (?, ?, ?, ?)")) {
                ins.setLong(1, sequence);
                ins.setTimestamp(2, Timestamp.from(expiresAt));
                ins.setString(3, commandId);
                ins.setTimestamp(4, Timestamp.from(now));
                ins.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // a permit for this sequence that lasts at least as long is already there
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the downgrade permit for sequence " + sequence + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean allows(long sequence, Instant now) {
        try (Connection conn = db.connect();
             PreparedStatement q = conn.prepareStatement(
                     "SELECT 1 FROM agent_bundle_downgrade_permit WHERE sequence = ? AND expires_at > ?")) {
            q.setLong(1, sequence);
            q.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            // fail closed: without the permit the older archive is refused as a downgrade, with that reason
            throw new IllegalStateException("cannot read downgrade permits: " + e.getMessage(), e);
        }
    }
}
