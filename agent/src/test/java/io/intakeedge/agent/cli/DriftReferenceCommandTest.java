package io.intakeedge.agent.cli;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.sync.drift.DriftFeature;
import io.intakeedge.sync.drift.ReferenceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DriftReferenceCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildsAReferenceFromStoredDecisionsAndRefusesTooFew() throws Exception {
        var camera = new StationConfig.CameraConfig("cam-9", "synthetic", null, 21L, 300, "presentation", null);
        long stored;
        try (StationAgent agent = new StationAgent(new StationConfig("s", "d", null, "generic-x86_64", camera,
                Path.of("..", "bundles", "demo"), dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0),
                null, null))) {
            agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            stored = agent.traces().count();
        }
        Path out = dir.resolve("reference.json");
        CommandRun ok = CommandRun.of(new Main(), "drift", "reference", "--data", dir.resolve("data"), "--out", out,
                "--min", 5);
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        ReferenceProfile profile = ReferenceProfile.readFrom(out);
        assertThat(profile.sampleCount()).isEqualTo(stored);
        assertThat(profile.histogram(DriftFeature.BRIGHTNESS)).isPresent();

        CommandRun tooFew = CommandRun.of(new Main(), "drift", "reference", "--data", dir.resolve("data"), "--out",
                dir.resolve("x.json"), "--min", 1000);
        assertThat(tooFew.exitCode()).isEqualTo(2);
        assertThat(tooFew.err()).contains("only " + stored);
    }
}
