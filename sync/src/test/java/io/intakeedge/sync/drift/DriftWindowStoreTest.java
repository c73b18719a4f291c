package io.intakeedge.sync.drift;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DriftWindowStoreTest {

    @TempDir
    Path dir;

    @Test
    void windowsSurviveAReopenedH2FileExactly() throws Exception {
        List<DriftWindow> windows = threeWindows();
        DriftWindowStore store = new DriftWindowStore();
        List<Long> ids = new ArrayList<>();

        JdbcDataSource ds = dataSource();
        try (Connection c = ds.getConnection()) {
            // another module's table already in the database: our migration must coexist with it
            c.createStatement().execute("CREATE TABLE outbox_like (id BIGINT PRIMARY KEY)");
        }
        DriftWindowStore.migrate(ds);
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            for (DriftWindow w : windows) {
                ids.add(store.insert(tx, w));
            }
            tx.commit();
        }

        // a fresh data source on the same file: nothing cached in memory
        JdbcDataSource reopened = dataSource();
        DriftWindowStore.migrate(reopened);
        try (Connection c = reopened.getConnection()) {
            assertThat(store.recent(c, "cam-1", 10)).containsExactly(windows.get(2), windows.get(1), windows.get(0));
            assertThat(store.recent(c, "cam-1", 1)).containsExactly(windows.get(2));
            assertThat(store.find(c, ids.get(1))).contains(windows.get(1));
            assertThat(store.recent(c, "cam-9", 10)).isEmpty();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, max_psi, observation_count, closed_by FROM drift_window"
                         + " WHERE id = " + ids.get(1))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("critical");
                assertThat(rs.getDouble(2)).isEqualTo(windows.get(1).maxPsi().getAsDouble());
                assertThat(rs.getLong(3)).isEqualTo(500);
                assertThat(rs.getString(4)).isEqualTo("count");
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT \"version\", \"type\" FROM "
                    + "\"flyway_drift_history\" WHERE \"success\" ORDER BY \"installed_rank\"")) {
                List<String> history = new ArrayList<>();
                while (rs.next()) {
                    history.add(rs.getString(1) + ":" + rs.getString(2));
                }
                // our own history: baselined at 0 beside the foreign table, then V1 applied exactly once
                // (Flyway 11 also records a versionless TABLE row for creating the history table)
                assertThat(history).containsSubsequence("0:BASELINE", "1:SQL");
                assertThat(history).filteredOn(h -> h.startsWith("1:")).hasSize(1);
            }
        }
    }

    @Test
    void aRolledBackTransactionStoresNothing() throws Exception {
        JdbcDataSource ds = dataSource();
        DriftWindowStore.migrate(ds);
        DriftWindowStore store = new DriftWindowStore();
        long id;
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            id = store.insert(tx, threeWindows().get(0));
            tx.rollback();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(store.find(c, id)).isEmpty();
            assertThat(store.recent(c, "cam-1", 10)).isEmpty();
        }
    }

    /** An insufficient, a critical and a no-reference window of cam-1, in time order. */
    private static List<DriftWindow> threeWindows() {
        ReferenceProfile reference = new ReferenceProfileBuilder("daylight", "DriftWindowStoreTest")
                .addAll(Frames.daylight("cam-1", T0.minus(Duration.ofDays(2)), 2000, 1)).build(T0);
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), Optional.of(reference),
                DriftWindowListener.NONE);
        List<DriftWindow> out = new ArrayList<>();
        Frames.daylight("cam-1", T0, 50, 2).forEach(monitor::observe);
        out.addAll(monitor.closeExpired(T0.plus(Duration.ofHours(1))));
        Frames.winter("cam-1", T0.plus(Duration.ofHours(2)), 500, 3).forEach(o -> out.addAll(monitor.observe(o)));
        Frames.daylight("cam-1", T0.plus(Duration.ofHours(3)), 40, 4).forEach(monitor::observe);
        out.addAll(monitor.replaceReference(Optional.empty()));
        Frames.daylight("cam-1", T0.plus(Duration.ofHours(4)), 40, 5).forEach(monitor::observe);
        out.addAll(monitor.flush());
        assertThat(out).extracting(DriftWindow::status).containsExactly(DriftStatus.INSUFFICIENT_SAMPLES,
                DriftStatus.CRITICAL, DriftStatus.INSUFFICIENT_SAMPLES, DriftStatus.NO_REFERENCE);
        return List.of(out.get(0), out.get(1), out.get(3));
    }

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("agent").toAbsolutePath());
        ds.setUser("sa");
        return ds;
    }
}
