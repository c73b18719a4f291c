package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /readyz} names what is not ready: here the model (no bundle), while the camera and the store are fine. */
class ReadinessTest {
    @TempDir
    Path dir;

    @Test
    void withoutABundleReadyzIs503AndSaysTheModelIsMissing() throws Exception {
        try (LiveAgent live = new LiveAgent(dir, dir.resolve("no-such-bundle"))) {
            assertThat(LiveAgent.await(Duration.ofSeconds(30), () -> live.agent.traces().count() > 0)).isTrue();
            var ready = live.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("model: no bundle is serving").doesNotContain("camera:", "store:");
            var fault = live.json("/api/traces?route=manual_intake");
            assertThat(fault.get("traces").size()).isPositive();
        }
    }
}
