package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:40:59.001234567Z");

    @TempDir
    Path tmp;

    private List<Trace> sampleTraces() {
        return List.of(SampleTraces.priority(T0, 10), SampleTraces.blurred(T0.plusSeconds(1), 20),
                SampleTraces.nanScore(T0.plusSeconds(2), 30), SampleTraces.modelError(T0.plusSeconds(3), 40),
                SampleTraces.noBundle(T0.plusSeconds(4), 50));
    }

    @Test
    void tracesSurviveClosingAndReopeningTheDatabaseFile() {
        List<Trace> traces = sampleTraces();
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("data"))) {
            TraceStore store = new TraceStore(db);
            traces.forEach(store::store);
        }
        assertThat(tmp.resolve("data").resolve(AgentDatabase.FILE_NAME + ".mv.db")).isRegularFile();

        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("data"))) {
            TraceStore store = new TraceStore(db);

            assertThat(store.count()).isEqualTo(traces.size());
            for (Trace t : traces) {
                assertThat(store.find(t.traceId())).as(t.reason().code()).contains(t);
            }
            assertThat(store.recent(2)).containsExactly(traces.get(4), traces.get(3));
            assertThat(store.countByRoute()).isEqualTo(Map.of(Route.PRIORITY_DAMAGE_REVIEW, 1L,
                    Route.REQUEST_NEW_PHOTO, 1L, Route.NORMAL_REVIEW, 0L, Route.MANUAL_INTAKE, 3L));
        }
    }

    @Test
    void storedFieldsAreTheDecisionsNotDefaults() {
        Trace nan = SampleTraces.nanScore(T0, 1);
        Trace noBundle = SampleTraces.noBundle(T0, 2);
        try (AgentDatabase db = AgentDatabase.open(tmp)) {
            TraceStore store = new TraceStore(db);
            store.store(nan);
            store.store(noBundle);

            Trace readNan = store.find(nan.traceId()).orElseThrow();
            assertThat(readNan.reason()).isEqualTo(Reason.SCORE_NAN);
            assertThat(readNan.scores().get("intact")).isNaN();
            assertThat(readNan.scores().get("damaged")).isEqualTo(0.5);
            assertThat(readNan.positiveScore()).isNull();
            assertThat(readNan.gatePassed()).isTrue();
            assertThat(readNan.error()).contains("NaN");
            assertThat(readNan.decidedAt()).isEqualTo(T0);

            Trace readNoBundle = store.find(noBundle.traceId()).orElseThrow();
            assertThat(readNoBundle.bundle()).isNull();
            assertThat(readNoBundle.quality()).isNull();
            assertThat(readNoBundle.gatePassed()).isNull();
            assertThat(readNoBundle.threshold()).isNull();
            assertThat(readNoBundle.parcelSeq()).isNull();
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoRowAndACommittedOneKeepsBoth() throws SQLException {
        try (AgentDatabase db = AgentDatabase.open(tmp)) {
            migrateTestOutbox(db);
            TraceStore store = new TraceStore(db);
            Trace dropped = SampleTraces.priority(T0, 1);
            Trace kept = SampleTraces.blurred(T0, 2);

            try (Connection tx = db.connect()) {
                tx.setAutoCommit(false);
                store.insert(tx, dropped);
                addOutboxRow(tx, dropped);
                tx.rollback();

                store.insert(tx, kept);
                addOutboxRow(tx, kept);
                tx.commit();
            }

            assertThat(store.find(dropped.traceId())).isEmpty();
            assertThat(store.find(kept.traceId())).contains(kept);
            assertThat(store.count()).isEqualTo(1);
            assertThat(outboxRows(db)).isEqualTo(1);
        }
    }

    @Test
    void aFailedStoreKeepsWhatWasStoredBefore() {
        try (AgentDatabase db = AgentDatabase.open(tmp)) {
            TraceStore store = new TraceStore(db);
            Trace first = SampleTraces.priority(T0, 1);
            store.store(first);

            assertThatThrownBy(() -> store.store(first.withError("again")))
                    .isInstanceOf(TraceStoreException.class).hasMessageContaining(first.traceId().toString());

            assertThat(store.count()).isEqualTo(1);
            assertThat(store.find(first.traceId())).contains(first);
        }
    }

    @Test
    void sharesTheFileWithAnotherModulesMigrationsInEitherOrder() throws SQLException {
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("sync-first"))) {
            migrateTestOutbox(db);
            new TraceStore(db).store(SampleTraces.priority(T0, 1));
            assertThat(tables(db))
                    .contains("AGENT_TRACE", "TEST_OUTBOX", "FLYWAY_AGENT_HISTORY", "FLYWAY_TEST_HISTORY");
        }
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("agent-first"))) {
            new TraceStore(db).store(SampleTraces.priority(T0, 1));
            migrateTestOutbox(db);
            assertThat(tables(db)).contains("AGENT_TRACE", "TEST_OUTBOX");
        }
    }

    @Test
    void anUnwritableDataDirectoryFailsAtStartUpWithTheReason() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");

        assertThatThrownBy(() -> AgentDatabase.open(notADirectory.resolve("data")))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("data directory " + notADirectory.resolve("data"))
                .hasMessageContaining("not writable");
    }

    private static void migrateTestOutbox(AgentDatabase db) {
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration/testsync")
                .table("flyway_test_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    private static void addOutboxRow(Connection tx, Trace t) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO test_outbox (trace_id, payload) VALUES (?, ?)")) {
            ps.setObject(1, t.traceId());
            ps.setString(2, TraceJson.toJson(t));
            ps.executeUpdate();
        }
    }

    private static long outboxRows(AgentDatabase db) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM test_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> tables(AgentDatabase db) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1).toUpperCase());
            }
            return names;
        }
    }
}
