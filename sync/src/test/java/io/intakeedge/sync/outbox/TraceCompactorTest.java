package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction on a real H2 file, in its own transaction as the outbox runs it. */
class TraceCompactorTest {
    private static final String DEVICE = "station-07";
    private final ObjectMapper mapper = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void compactsWholeGroupsAboveTheCursorIntoOneCountedSummary() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults(DEVICE));
                Connection conn = db.tx()) {
            append(db, outbox, Priority.TRACE, "normal_review", 5); // 1..5, in flight below the cursor
            append(db, outbox, Priority.PRIORITY_TRACE, "priority_damage_review", 2); // 6..7, never compacted
            append(db, outbox, Priority.TRACE, "normal_review", 3); // 8..10
            append(db, outbox, Priority.TRACE, "request_new_photo", 2); // 11..12
            append(db, outbox, Priority.TRACE, "normal_review", 4); // 13..16, stays: target reached before it
            long groupBytes = db.count("SELECT SUM(payload_bytes) FROM sync_outbox WHERE seq IN (8, 11)");

            TraceCompactor.Result result = new TraceCompactor(mapper).compact(conn, DEVICE, 5, groupBytes - 10);

            assertThat(result.count()).as("both groups whole, though the target ends inside the second").isEqualTo(5);
            assertThat(result.summarySeq()).isEqualTo(12);
            long summaryBytes = db.count("SELECT payload_bytes FROM sync_outbox WHERE seq = 12");
            assertThat(result.freedBytes()).isEqualTo(groupBytes - summaryBytes);
            JsonNode item = mapper.readTree(items(db, 12));
            assertThat(item.get("seq").asLong()).isEqualTo(12);
            assertThat(item.get("kind").asText()).isEqualTo("compacted");
            JsonNode summary = item.get("payload");
            assertThat(summary.get("first_seq").asLong()).isEqualTo(8);
            assertThat(summary.get("last_seq").asLong()).isEqualTo(12);
            assertThat(summary.get("count").asInt()).isEqualTo(5);
            assertThat(summary.get("ranges").toString()).isEqualTo("[[8,12]]");
            assertThat(summary.get("routes").toString()).isEqualTo("{\"normal_review\":3,\"request_new_photo\":2}");
            assertThat(keys(db)).containsExactly(1L, 6L, 12L, 13L);
            assertThat(db.count("SELECT priority FROM sync_outbox WHERE seq = 12")).as("summaries go as alerts")
                    .isEqualTo(Priority.ALERT.rank());
            assertThat(db.count("SELECT compacted_total FROM sync_outbox_compaction")).isEqualTo(5);
            assertThat(db.count("SELECT summaries FROM sync_outbox_compaction")).isEqualTo(1);
            assertThat(outbox.pending()).isEqualTo(5 + 2 + 1 + 4);
        }
    }

    @Test
    void nothingAboveTheCursorMeansNoSummary() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults(DEVICE));
                Connection conn = db.tx()) {
            append(db, outbox, Priority.TRACE, "normal_review", 3);
            append(db, outbox, Priority.PRIORITY_TRACE, "priority_damage_review", 3);
            assertThat(new TraceCompactor(mapper).compact(conn, DEVICE, 3, 1_000_000)).isNull();
            assertThat(keys(db)).containsExactly(1L, 4L);
        }
    }

    @Test
    void aRowThatDoesNotReadBackFailsAndChangesNothing() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults(DEVICE));
                Connection conn = db.tx()) {
            append(db, outbox, Priority.TRACE, "normal_review", 2);
            append(db, outbox, Priority.TRACE, "normal_review", 2);
            try (Connection edit = db.tx()) {
                edit.createStatement().execute("UPDATE sync_outbox SET items = X'7b7b' WHERE seq = 3");
                edit.commit();
            }
            assertThatThrownBy(() -> new TraceCompactor(mapper).compact(conn, DEVICE, 0, 1_000_000))
                    .hasMessageContaining("cannot be read back");
            assertThat(keys(db)).containsExactly(1L, 3L);
            assertThat(db.count("SELECT compacted_total FROM sync_outbox_compaction")).isZero();
        }
    }

    private static void append(OutboxTestDb db, H2Outbox outbox, Priority priority, String route, int n)
            throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new OutboxEntry("trace", priority, OutboxTestDb.traceJson(route, 20)));
        }
        try (Connection tx = db.tx()) {
            outbox.appendAll(tx, entries);
            tx.commit();
        }
    }

    private static List<Long> keys(OutboxTestDb db) throws Exception {
        List<Long> keys = new ArrayList<>();
        try (Connection c = db.dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT seq FROM sync_outbox ORDER BY seq")) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }

    private static String items(OutboxTestDb db, long seq) throws Exception {
        try (Connection c = db.dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT items FROM sync_outbox WHERE seq = " + seq)) {
            rs.next();
            return new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
    }
}
