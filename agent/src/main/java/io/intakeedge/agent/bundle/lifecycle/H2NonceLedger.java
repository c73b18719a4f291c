package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.trace.AgentDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Command nonces in the agent's H2 file ({@code agent_bundle_command}, migration V6), so a command replayed after a
 * restart is still refused. Rows a day past their expiry are deleted: such a command is refused as expired anyway.
 */
public final class H2NonceLedger implements NonceLedger {
    private final AgentDatabase db;

    public H2NonceLedger(AgentDatabase db) {
        this.db = db;
    }

    @Override
    public boolean firstUse(BundleCommand c, String signer, Instant now) {
        try (Connection conn = db.connect()) {
            try (PreparedStatement del = conn.prepareStatement(
                    "DELETE FROM agent_bundle_command WHERE expires_at < ?")) {
                del.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(1))));
                del.executeUpdate();
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO agent_bundle_command (nonce, "
                    + "command_id, action, signer, expires_at, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, c.nonce());
                ins.setString(2, c.commandId());
                ins.setString(3, c.action());
                ins.setString(4, signer);
                ins.setTimestamp(5, Timestamp.from(c.expiresAt()));
                ins.setTimestamp(6, Timestamp.from(now));
                ins.executeUpdate();
                return true;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation: this nonce was used
                return false;
            }
            throw new IllegalStateException("cannot record command nonce: " + e.getMessage(), e);
        }
    }
}
