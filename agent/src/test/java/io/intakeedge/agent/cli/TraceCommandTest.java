package io.intakeedge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.agent.trace.TraceText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace commands on the H2 file of a real station run (synthetic scene, demo bundle). */
class TraceCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static List<Trace> stored;

    @BeforeAll
    static void runAStation() throws Exception {
        data = dir.resolve("data");
        var camera = new StationConfig.CameraConfig("cam-7", "synthetic", null, 11L, 600, "presentation", null);
        try (StationAgent agent = new StationAgent(new StationConfig("s", "d", null, "generic-x86_64", camera,
                Path.of("..", "bundles", "demo"), data, new StationConfig.HttpConfig("127.0.0.1", 0), null, null))) {
            agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
        }
        try (AgentDatabase db = AgentDatabase.open(data)) {
            stored = new TraceStore(db).recent(1000);
        }
        assertThat(stored).hasSizeGreaterThan(5);
    }

    @Test
    void everyStoredDecisionReDerivesToItsRoute() {
        for (Trace t : stored) {
            CommandRun run = CommandRun.of(new Main(), "trace", "explain", t.traceId(), "--data", data);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("re-derived: " + t.route() + " / " + t.reason(), "OK:");
        }
    }

    @Test
    void listShowsTheFailingGateAndFiltersByRoute() throws Exception {
        CommandRun all = CommandRun.of(new Main(), "trace", "list", "--data", data, "--limit", 1000);
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains(stored.size() + " trace(s)");
        for (Trace t : stored) {
            assertThat(all.out()).contains(t.traceId().toString().substring(0, 8));
            assertThat(all.out()).contains(TraceText.reasonDetail(t));
        }
        Optional<Trace> retake = stored.stream().filter(t -> t.route() == Route.REQUEST_NEW_PHOTO).findFirst();
        retake.ifPresent(t -> assertThat(TraceText.reasonDetail(t)).isNotEqualTo("image_quality_gate"));

        CommandRun json = CommandRun.of(new Main(), "trace", "list", "--data", data, "--route", "normal_review",
                "--limit", 1000, "--json");
        JsonNode array = new ObjectMapper().readTree(json.out());
        long normal = stored.stream().filter(t -> t.route() == Route.NORMAL_REVIEW).count();
        assertThat(array.size()).isEqualTo((int) normal);
        array.forEach(n -> assertThat(n.get("route").asText()).isEqualTo("normal_review"));

        CommandRun limited = CommandRun.of(new Main(), "trace", "list", "--data", data, "--limit", 2, "--since",
                "1d");
        assertThat(limited.out()).contains("2 trace(s) (--limit reached)");
        CommandRun future = CommandRun.of(new Main(), "trace", "list", "--data", data, "--since",
                Instant.now().plusSeconds(3600).toString());
        assertThat(future.out()).contains("0 trace(s)");
    }

    @Test
    void showPrintsEveryFieldAndTheEvidenceOnDisk() {
        Trace kept = stored.stream().filter(t -> t.evidencePath() != null).findFirst().orElseThrow();
        CommandRun run = CommandRun.of(new Main(), "trace", "show", kept.traceId().toString().substring(0, 8),
                "--data", data);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("trace_id", kept.traceId().toString(), "quality.blur_score",
                "gate.thresholds.max_blur", "latency_us.total", "bundle.model_sha256", "route", "reason_detail",
                kept.evidencePath() + " (on disk)");
        assertThat(Files.isRegularFile(Path.of(kept.evidencePath()))).isTrue();
    }

    @Test
    void explainExitsThreeWhenTheStoredRouteWasAltered() throws Exception {
        Trace victim = stored.stream().filter(t -> t.route() != Route.PRIORITY_DAMAGE_REVIEW).findFirst()
                .orElseThrow();
        try (AgentDatabase db = AgentDatabase.open(data); Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE agent_trace SET route = 'priority_damage_review', reason = 'damage_threshold' "
                             + "WHERE trace_id = ?")) {
            ps.setObject(1, victim.traceId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try {
            CommandRun run = CommandRun.of(new Main(), "trace", "explain", victim.traceId(), "--data", data);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(TraceCommand.DIFFERS);
            assertThat(run.out()).contains("DIFFERS: route: stored priority_damage_review, re-derived "
                    + victim.route());
        } finally {
            try (AgentDatabase db = AgentDatabase.open(data); Connection c = db.connect();
                 PreparedStatement ps = c.prepareStatement(
                         "UPDATE agent_trace SET route = ?, reason = ? WHERE trace_id = ?")) {
                ps.setString(1, victim.route().code());
                ps.setString(2, victim.reason().code());
                ps.setObject(3, victim.traceId());
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aDatabaseHeldByARunningStationIsOneClearLineAndExitOne() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(),
                data.toString()).redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            String line;
            while ((line = reader.readLine()) != null && !line.equals("open")) {
                // log lines of the holder
            }
            assertThat(line).as("holder opened the database").isEqualTo("open");

            CommandRun run = CommandRun.of(new Main(), "trace", "list", "--data", data);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("held by a running station").doesNotContain("Exception");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        CommandRun unknown = CommandRun.of(new Main(), "trace", "show", "ffffffff", "--data", data);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no trace with id ffffffff").doesNotContain("Exception");

        CommandRun noDb = CommandRun.of(new Main(), "trace", "list", "--data", dir.resolve("nowhere"));
        assertThat(noDb.exitCode()).isEqualTo(2);
        assertThat(noDb.err()).contains("no station database in");
        assertThat(dir.resolve("nowhere")).doesNotExist();

        CommandRun badSince = CommandRun.of(new Main(), "trace", "list", "--data", data, "--since", "yesterday");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since");

        CommandRun badRoute = CommandRun.of(new Main(), "trace", "list", "--data", data, "--route", "guarded");
        assertThat(badRoute.exitCode()).isEqualTo(2);
        assertThat(badRoute.err()).contains("unknown route");

        CommandRun neither = CommandRun.of(new Main(), "trace", "list");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--config", "--data");
    }
}
