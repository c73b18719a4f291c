package io.intakeedge.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.capture.synthetic.SceneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** One end-to-end run of {@code ./intake-edge demo}: scene → gate → INT8 model → routes → H2 → MQTT → collector. */
class DemoCommandTest {
    private static final Path BUNDLE = Path.of("..", "bundles", "demo");

    @TempDir
    Path dir;

    @Test
    void demoDecidesEveryParcelAndTheCollectorReceivesEverythingWithoutGaps() throws Exception {
        Path report = dir.resolve("report.json");
        int exit = Main.execute("demo", "--frames", "500", "--seed", "5", "--bundle", BUNDLE.toString(),
                "--data", dir.resolve("data").toString(), "--report", report.toString());
        assertThat(exit).isZero();

        JsonNode r = new ObjectMapper().readTree(Files.readString(report));
        long decisions = r.get("decisions").asLong();
        // one decision per parcel presented in 500 frames (the last may be cut off mid-presentation)
        long parcels = 500 / SceneConfig.standard(5).framesPerParcel();
        assertThat(decisions).isBetween(parcels - 1, parcels + 1);
        assertThat(r.get("traces_stored").asLong()).isEqualTo(decisions);
        long routed = 0;
        for (JsonNode n : r.get("routes")) {
            routed += n.asLong();
        }
        assertThat(routed).isEqualTo(decisions);
        assertThat(r.get("routes").has("manual_intake")).as("a working bundle never fails closed").isFalse();
        assertThat(r.get("routes").has("priority_damage_review")).isTrue();
        assertThat(r.get("routes").has("normal_review")).isTrue();
        assertThat(r.get("backend").asText()).startsWith("tflite");
        assertThat(r.get("bundle").get("model_sha256").asText())
                .isEqualTo(BundleLoader.sha256Hex(BUNDLE.resolve("model.tflite")));
        assertThat(r.get("latency_ms").get("invoke").get("p50").asDouble()).isPositive();

        long synced = r.get("synced").asLong();
        assertThat(synced).isGreaterThanOrEqualTo(decisions); // traces plus drift windows
        assertThat(r.get("collector_received").asLong()).isEqualTo(synced);
        assertThat(r.get("gaps")).isEmpty();
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(Main.execute("demo", "--frames", "0")).isEqualTo(2);
    }
}
