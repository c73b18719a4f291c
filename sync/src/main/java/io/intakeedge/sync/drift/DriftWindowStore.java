package io.intakeedge.sync.drift;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Closed drift windows in the agent's database (table {@code drift_window}). Like the outbox, every method works
 * in the caller's {@link Connection}, so storing a window and queueing its payload commit together. The schema is
 * migrated by Flyway from {@value #MIGRATIONS} with its own history table {@value #HISTORY_TABLE}, independent of
 * the other modules' migrations in the same database.
 */
public final class DriftWindowStore {

    /** Flyway location of this store's migrations. */
    public static final String MIGRATIONS = "classpath:db/migration/drift";
    /** Flyway history table of this store. */
    public static final String HISTORY_TABLE = "flyway_drift_history";

    private static final String INSERT = "INSERT INTO drift_window (camera_id, window_start, window_end, "
            + "closed_by, observation_count, status, max_psi, payload_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RECENT = "SELECT payload_json FROM drift_window WHERE camera_id = ? "
            + "ORDER BY window_start DESC, id DESC LIMIT ?";
    private static final String BY_ID = "SELECT payload_json FROM drift_window WHERE id = ?";

    /** Creates or upgrades the {@code drift_window} table. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                // the database already holds other modules' tables: start our own history at version 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /**
     * Stores a closed window using {@code tx} (the caller commits).
     *
     * @return the row's id
     */
    public long insert(Connection tx, DriftWindow window) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, window.cameraId());
            ps.setObject(2, OffsetDateTime.ofInstant(window.start(), ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(window.end(), ZoneOffset.UTC));
            ps.setString(4, window.closedBy().wireName());
            ps.setLong(5, window.count());
            ps.setString(6, window.status().wireName());
            if (window.maxPsi().isPresent()) {
                ps.setDouble(7, window.maxPsi().getAsDouble());
            } else {
                ps.setNull(7, Types.DOUBLE);
            }
            ps.setString(8, DriftWindowJson.write(window));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for drift window of camera " + window.cameraId());
                }
                return keys.getLong(1);
            }
        }
    }

    /** The window stored under {@code id}. */
    public Optional<DriftWindow> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
            ps.setLong(1, id);
            List<DriftWindow> found = readAll(ps, "id " + id);
            return found.stream().findFirst();
        }
    }

    /** The newest {@code limit} windows of a camera, newest first. */
    public List<DriftWindow> recent(Connection c, String cameraId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECENT)) {
            ps.setString(1, cameraId);
            ps.setInt(2, limit);
            return readAll(ps, "camera " + cameraId);
        }
    }

    private static List<DriftWindow> readAll(PreparedStatement ps, String what) throws SQLException {
        List<DriftWindow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(DriftWindowJson.read(rs.getString(1)));
                } catch (IOException e) {
                    throw new SQLException("stored drift window (" + what + ") cannot be read back: "
                            + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
