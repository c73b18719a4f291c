package io.intakeedge.agent.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link Skipped} records in {@code agent_skipped}. The table is created by the agent's migrations, which
 * {@link TraceStore} runs: build the trace store first. Thread-safe: every call uses its own connection.
 */
public final class SkippedStore {
    private static final String INSERT = "INSERT INTO agent_skipped (skip_id, kind, device_id, station_id, camera_id,"
            + " parcel_seq, reason, detail, frame_index, frame_origin, arrived_at, ended_at, frames_observed,"
            + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT skip_id, kind, device_id, station_id, camera_id, parcel_seq, reason,"
            + " detail, frame_index, frame_origin, arrived_at, ended_at, frames_observed, recorded_at"
            + " FROM agent_skipped";

    private final AgentDatabase db;

    /** @param migrated proof that the schema is migrated (the trace store of the same database) */
    public SkippedStore(AgentDatabase db, TraceStore migrated) {
        this.db = Objects.requireNonNull(db, "db");
        Objects.requireNonNull(migrated, "migrated");
    }

    /** Stores {@code s} and commits. */
    public void store(Skipped s) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, s.skipId());
            ps.setString(2, s.kind().code());
            ps.setString(3, s.deviceId());
            ps.setString(4, s.stationId());
            ps.setString(5, s.cameraId());
            setLong(ps, 6, s.parcelSeq());
            ps.setString(7, s.reason());
            ps.setString(8, s.detail());
            setLong(ps, 9, s.frameIndex());
            ps.setString(10, s.frameOrigin());
            ps.setObject(11, time(s.arrivedAt()));
            ps.setObject(12, time(s.endedAt()));
            if (s.framesObserved() == null) {
                ps.setNull(13, Types.INTEGER);
            } else {
                ps.setInt(13, s.framesObserved());
            }
            ps.setObject(14, time(s.recordedAt()));
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} records, newest first. */
    public List<Skipped> recent(int limit) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY recorded_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<Skipped> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** Count per reason, every record ever stored. */
    public Map<String, Long> countByReason() throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT reason, COUNT(*) FROM agent_skipped GROUP BY reason ORDER BY reason");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        }
    }

    private static Skipped read(ResultSet rs) throws SQLException {
        return new Skipped(rs.getObject(1, UUID.class), Skipped.Kind.of(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8),
                rs.getObject(9, Long.class), rs.getString(10), instant(rs, 11), instant(rs, 12),
                rs.getObject(13, Integer.class), instant(rs, 14));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
