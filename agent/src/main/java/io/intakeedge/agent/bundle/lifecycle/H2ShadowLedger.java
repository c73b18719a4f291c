package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.trace.AgentDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Shadow statistics in the agent's H2 file, one row per shadow run, updated as it goes (migration V6). */
public final class H2ShadowLedger implements ShadowLedger {
    private static final Logger LOG = LoggerFactory.getLogger(H2ShadowLedger.class);

    private final AgentDatabase db;

    public H2ShadowLedger(AgentDatabase db) {
        this.db = db;
    }

    @Override
    public void record(ShadowStats s, Instant startedAt, String outcome, Instant now) {
        try (Connection c = db.connect(); PreparedStatement merge = c.prepareStatement("MERGE INTO "
                + "agent_bundle_shadow (candidate, active_bundle, started_at, updated_at, compared, agreed, skipped, "
                + "candidate_errors, stats_json, outcome) KEY (candidate, started_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            merge.setString(1, s.candidate());
            merge.setString(2, s.active());
            merge.setTimestamp(3, Timestamp.from(startedAt));
            merge.setTimestamp(4, Timestamp.from(now));
            merge.setLong(5, s.compared());
            merge.setLong(6, s.agreed());
            merge.setLong(7, s.skipped());
            merge.setLong(8, s.candidateErrors());
            merge.setString(9, LifecycleJson.MAPPER.writeValueAsString(s));
            merge.setString(10, outcome);
            merge.executeUpdate();
        } catch (SQLException | java.io.IOException e) {
            LOG.warn("shadow statistics of {} not stored: {}", s.candidate(), e.toString());
        }
    }
}
