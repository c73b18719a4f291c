package io.intakeedge.agent.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real station on the live synthetic scene whose thermal zone is a fake tree: heating it past throttle halves the
 * frames handled, past critical every parcel that passes the gate goes to manual intake without running the model,
 * and cooling it brings the model back. The guard's states are in /api/status and on the event timeline.
 */
class ThermalGuardStationTest {
    private static final Path BUNDLE = Path.of("..", "bundles", "demo");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void throttleCriticalAndRecoveryOnARunningStation() throws Exception {
        // generic-linux-x86_64 watches x86_pkg_temp: throttle 95 °C, critical 100 °C
        FakeHost host = new FakeHost(dir.resolve("host")).zone(0, "x86_pkg_temp", 60).zone(1, "acpitz", 40)
                .rssMb(200);
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 21L, 0, "presentation", null);
        List<Trace> traces = new CopyOnWriteArrayList<>();
        try (StationAgent agent = new StationAgent(new StationConfig("site-a", "dev-guard", "dock-1",
                "generic-linux-x86_64", camera, BUNDLE, dir.resolve("data"),
                new StationConfig.HttpConfig("127.0.0.1", 0, null), null, null), true, host.root)) {
            agent.onDecision(traces::add);
            int port = agent.start();
            await(() -> traces.stream().anyMatch(ThermalGuardStationTest::modelRan), 60, "a model decision");
            double normalFps = framesPerSecond(agent);

            host.zone(0, "x86_pkg_temp", 96.5);
            await(() -> agent.guards().throttled(), 10, "throttle");
            double throttledFps = framesPerSecond(agent);
            assertThat(throttledFps).as("frames/s throttled vs normal %.1f", normalFps)
                    .isLessThan(normalFps * 0.75);

            host.zone(0, "x86_pkg_temp", 101);
            await(() -> agent.guards().inferencePause().isPresent(), 10, "critical");
            JsonNode status = get(port, "/api/status");
            JsonNode thermal = guard(status, "thermal");
            assertThat(thermal.get("state").asText()).isEqualTo("critical");
            assertThat(thermal.get("action").asText()).isEqualTo("inference_paused");
            assertThat(status.get("resources").get("free_disk_mb").asLong()).as("measurements still there")
                    .isPositive();
            assertThat(status.get("resources").get("accelerator").get("backend").asText())
                    .isEqualTo("tflite-xnnpack");
            assertThat(guard(status, "memory").get("state").asText()).isEqualTo("ok");
            Instant critical = Instant.now();
            await(() -> traces.stream().anyMatch(t -> t.decidedAt().isAfter(critical)
                    && Boolean.TRUE.equals(t.gatePassed())), 60, "a usable parcel while critical");
            Trace paused = traces.stream().filter(t -> t.decidedAt().isAfter(critical)
                    && Boolean.TRUE.equals(t.gatePassed())).findFirst().orElseThrow();
            assertThat(paused.route()).isEqualTo(Route.MANUAL_INTAKE);
            assertThat(paused.reason().code()).isEqualTo("model_unavailable");
            assertThat(paused.error()).contains("inference paused: thermal guard critical")
                    .contains("x86_pkg_temp at 101.0 °C");
            assertThat(paused.scores()).as("the model did not run").isEmpty();

            host.zone(0, "x86_pkg_temp", 70);
            await(() -> !agent.guards().throttled(), 10, "recovery");
            Instant cool = Instant.now();
            await(() -> traces.stream().anyMatch(t -> t.decidedAt().isAfter(cool) && modelRan(t)), 60,
                    "a model decision after recovery");

            JsonNode events = get(port, "/api/events");
            List<String> guardEvents = new java.util.ArrayList<>();
            List<String> thermalProblems = new java.util.ArrayList<>();
            events.get("events").forEach(e -> {
                String kind = e.get("kind").asText();
                if (kind.equals("guard_thermal")) {
                    guardEvents.add(e.get("message").asText());
                } else if (e.get("message").asText().contains("thermal")) {
                    thermalProblems.add(kind + ": " + e.get("message").asText());
                }
            });
            // one event per transition: the hot zone in the status problems is not raised a second time
            assertThat(thermalProblems).isEmpty();
            assertThat(guardEvents).hasSize(3);
            assertThat(guardEvents.get(0)).startsWith("thermal throttle (was ok)");
            assertThat(guardEvents.get(1)).startsWith("thermal critical (was throttle)");
            assertThat(guardEvents.get(2)).startsWith("thermal ok (was critical)");
        }
    }

    private static boolean modelRan(Trace t) {
        return t.route() == Route.NORMAL_REVIEW || t.route() == Route.PRIORITY_DAMAGE_REVIEW;
    }

    private static JsonNode guard(JsonNode status, String name) {
        for (JsonNode g : status.get("resources").get("guards")) {
            if (g.get("guard").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no " + name + " guard in " + status.get("resources"));
    }

    private static double framesPerSecond(StationAgent agent) throws InterruptedException {
        long f0 = agent.status().camera().framesRead();
        long t0 = System.nanoTime();
        Thread.sleep(3000);
        return (agent.status().camera().framesRead() - f0) * 1e9 / (System.nanoTime() - t0);
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
