package io.intakeedge.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.config.StationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The station without a usable bundle: it must keep running, decide every parcel as manual intake (fail closed),
 * say why on /healthz, and keep its traces across a restart.
 */
class StationAgentTest {
    @TempDir
    Path dir;

    private StationConfig config(Path bundle) {
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic", null, 11L, 200, "presentation", null);
        return new StationConfig("site-a", "dev-1", "dock-1", "generic-x86_64", camera, bundle, dir.resolve("data"),
                new StationConfig.HttpConfig("127.0.0.1", 0), null, null);
    }

    @Test
    void withoutABundleEveryParcelFailsClosedAndHealthSaysWhy() throws Exception {
        Path missing = dir.resolve("no-such-bundle");
        long firstRun;
        try (StationAgent agent = new StationAgent(config(missing))) {
            int port = agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            firstRun = agent.traces().count();
            assertThat(firstRun).isPositive();
            assertThat(agent.decisions().routes()).containsOnlyKeys("manual_intake");

            HttpResponse<String> health = get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("no usable bundle").contains(missing.toString());

            HttpResponse<String> status = get(port, "/api/status");
            assertThat(status.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(status.body());
            assertThat(json.get("decisions").asLong()).isEqualTo(firstRun);
            assertThat(json.get("healthy").asBoolean()).isFalse();
            assertThat(json.get("camera").get("frames_read").asLong()).isEqualTo(200);
            assertThat(json.get("last_decision").get("route").asText()).isEqualTo("manual_intake");
        }
        // restart on the same data directory: the earlier traces are still there and new ones add up
        try (StationAgent again = new StationAgent(config(missing))) {
            assertThat(again.traces().count()).isEqualTo(firstRun);
            again.start();
            again.awaitEnd(Duration.ofMinutes(2));
            assertThat(again.traces().count()).isEqualTo(2 * firstRun);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
