package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code GET /metrics}: Prometheus text that promtool accepts, with counters that only go up. */
class MetricsTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @Test
    void metricsAreValidPrometheusTextAndDecisionCountersGrow() throws Exception {
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE)) {
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.agent.traces().count() >= 2)).isTrue();
            live.get("/api/status"); // so Vert.x's HTTP server metrics have a request to show
            var first = live.get("/metrics");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            String text = first.body();
            assertThat(text).contains("intake_decisions_total{", "intake_stage_latency_seconds_bucket{",
                    "stage=\"invoke\"", "intake_camera_frames_total", "intake_camera_state{state=\"ok\"} 1.0",
                    "jvm_memory_used_bytes", "process_uptime_seconds", "vertx_http_server_requests_total",
                    "intake_drift_psi{feature=\"brightness\"}", "intake_drift_level{feature=\"score\"}",
                    "intake_disk_free_bytes", "intake_disk_min_free_bytes", "intake_memory_limit_bytes",
                    "intake_live_view_frames_total{outcome=\"dropped\"}", "intake_outbox_oldest_age_seconds",
                    "intake_sync_last_receipt_timestamp_seconds", "intake_retention_traces_deleted_total",
                    "intake_retention_evidence_deleted_total", "intake_retention_waiting", "intake_h2_file_bytes");
            Matcher disk = Pattern.compile("(?m)^intake_disk_free_bytes ([0-9.eE+]+)$").matcher(text);
            assertThat(disk.find()).as("disk free is measured, not NaN").isTrue();
            assertThat(Double.parseDouble(disk.group(1))).isPositive();
            long before = decisions(text);
            assertThat(before).isPositive();
            assertThat(LiveAgent.await(Duration.ofSeconds(30), () -> {
                try {
                    return decisions(live.get("/metrics").body()) > before;
                } catch (Exception e) {
                    return false;
                }
            })).as("intake_decisions_total grows while the scene runs").isTrue();
            promtoolAccepts(text);
        }
    }

    /** Sum of intake_decisions_total over all routes and reasons. */
    static long decisions(String text) {
        Matcher m = Pattern.compile("(?m)^intake_decisions_total\\{[^}]*} ([0-9.eE+]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return (long) sum;
    }

    private void promtoolAccepts(String text) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PROMTOOL),
                "promtool is not installed (Debian package prometheus; .ci/run installs it)");
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, text);
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool check metrics:\n" + out).isZero();
    }
}
