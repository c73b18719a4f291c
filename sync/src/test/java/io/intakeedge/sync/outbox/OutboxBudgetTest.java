package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk-budget policy: alerts and priority traces kept, old traces compacted into counted summaries. */
class OutboxBudgetTest {
    private static final String[] ROUTES = {"normal_review", "request_new_photo", "manual_intake"};
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fullBudgetCompactsOldTracesAndAccountsForEverySeq() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        OutboxSettings settings = new OutboxSettings("station-07", 20_000, 40_000, 4096);
        Map<Long, String> traceRoutes = new HashMap<>();
        Set<Long> kept = new HashSet<>();
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, settings)) {
            for (int i = 0; i < 3; i++) {
                traceRoutes.put(db.commitTrace(outbox, Priority.TRACE, "normal_review", 500), "normal_review");
            }
            OutboxBatch inFlight = outbox.claim(10, 1 << 20).orElseThrow();
            for (int i = 0; i < 120; i++) {
                if (i % 7 == 0) {
                    kept.add(db.commitEvent(outbox, "drift_critical", 300));
                } else if (i % 5 == 0) {
                    kept.add(db.commitTrace(outbox, Priority.PRIORITY_TRACE, "priority_damage_review", 500));
                } else {
                    String route = ROUTES[i % ROUTES.length];
                    traceRoutes.put(db.commitTrace(outbox, Priority.TRACE, route, 500), route);
                }
            }
            OutboxStats stats = outbox.stats();
            assertThat(stats.pendingBytes()).isLessThanOrEqualTo(settings.hardCapBytes());

            Map<Long, String> rows = rows(db);
            assertThat(rows.keySet()).as("alerts and priority traces are never compacted").containsAll(kept);
            assertThat(java.util.Arrays.stream(inFlight.seqs()).boxed().toList()).as("claimed rows are not compacted under the drain")
                    .allSatisfy(seq -> assertThat(rows).containsEntry(seq, "trace"));

            Set<Long> covered = new HashSet<>();
            Map<String, Integer> compactedRoutes = new TreeMap<>();
            long summaries = 0;
            for (Map.Entry<Long, String> row : rows.entrySet()) {
                if (!row.getValue().equals("compacted")) {
                    continue;
                }
                summaries++;
                JsonNode summary = mapper.readTree(items(db, row.getKey())).get("payload");
                Set<Long> mine = new HashSet<>();
                for (JsonNode range : summary.get("ranges")) {
                    for (long s = range.get(0).asLong(); s <= range.get(1).asLong(); s++) {
                        mine.add(s);
                    }
                }
                assertThat(mine).hasSize(summary.get("count").asInt()).contains(row.getKey());
                assertThat(summary.get("last_seq").asLong()).isEqualTo(row.getKey());
                summary.get("routes").fields().forEachRemaining(e ->
                        compactedRoutes.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
                assertThat(covered).doesNotContainAnyElementsOf(mine);
                covered.addAll(mine);
            }
            Map<String, Integer> expectedRoutes = new TreeMap<>();
            for (long seq : covered) {
                assertThat(traceRoutes).as("only low-priority traces are compacted").containsKey(seq);
                expectedRoutes.merge(traceRoutes.get(seq), 1, Integer::sum);
            }
            Set<Long> remainingTraces = new HashSet<>(traceRoutes.keySet());
            remainingTraces.removeAll(covered);
            assertThat(remainingTraces).allSatisfy(seq -> assertThat(rows).containsEntry(seq, "trace"));
            assertThat(compactedRoutes).isEqualTo(expectedRoutes);
            assertThat(stats.compactedTotal()).isEqualTo(covered.size());
            assertThat(stats.summaries()).isEqualTo(summaries);
            System.out.printf("budget test: %d traces appended, %d compacted into %d summaries %s, %d kept as rows,"
                    + " %d alerts/priority kept, %d bytes pending%n", traceRoutes.size(), covered.size(), summaries,
                    compactedRoutes, remainingTraces.size(), kept.size(), stats.pendingBytes());
            assertThat(covered).isNotEmpty();

            outbox.acknowledge(inFlight);
            fillWithAlertsUntilFull(db, outbox, settings);
        }
    }

    private void fillWithAlertsUntilFull(OutboxTestDb db, H2Outbox outbox, OutboxSettings settings) throws Exception {
        for (int i = 0; i < 200; i++) {
            long before = outbox.pending();
            try (Connection tx = db.tx()) {
                try {
                    outbox.append(tx, new OutboxEntry("event", Priority.ALERT, "{\"type\":\"x\",\"pad\":\""
                            + "a".repeat(900) + "\"}"));
                    tx.commit();
                } catch (OutboxFullException full) {
                    tx.rollback();
                    assertThat(full.getMessage()).contains("hard cap " + settings.hardCapBytes())
                            .contains("no trace left to compact");
                    assertThat(outbox.pending()).as("nothing stored is lost").isEqualTo(before);
                    assertThat(db.count("SELECT COUNT(*) FROM sync_outbox WHERE kind = 'trace' AND priority = 2"))
                            .as("full only once every low-priority trace is compacted").isZero();
                    assertThatThrownBy(() -> db.commitTrace(outbox, Priority.TRACE, "normal_review", 1000))
                            .isInstanceOf(OutboxFullException.class);
                    System.out.printf("hard cap reached after %d more alerts: %s%n", i, outbox.stats());
                    return;
                }
            }
        }
        throw new AssertionError("200 alerts of 900 bytes never hit a 40 kB hard cap");
    }

    private static Map<Long, String> rows(OutboxTestDb db) throws Exception {
        Map<Long, String> rows = new TreeMap<>();
        try (Connection c = db.dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT seq, kind FROM sync_outbox")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2));
            }
        }
        return rows;
    }

    /** The stored item JSON of a one-item group (appends here are one by one, summaries are one item). */
    private static String items(OutboxTestDb db, long seq) throws Exception {
        try (Connection c = db.dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT items FROM sync_outbox WHERE seq = " + seq)) {
            rs.next();
            return new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
