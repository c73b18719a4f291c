package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /readyz} names what is not ready (model without a bundle, camera without frames) and nothing else. */
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

    @Test
    void aCameraWithoutFramesMakesReadyz503AndTheTimelineSaysStalled() throws Exception {
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, "synthetic", 60)) {
            assertThat(live.agent.awaitEnd(Duration.ofSeconds(60))).isTrue(); // the 60-frame scene has ended
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> {
                try {
                    return live.get("/readyz").body().contains("camera: stalled: no frame for");
                } catch (Exception e) {
                    return false;
                }
            })).isTrue();
            assertThat(live.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> {
                try {
                    return live.get("/api/events").body().contains("\"kind\":\"camera_stalled\"");
                } catch (Exception e) {
                    return false;
                }
            })).as("the timeline records the stall").isTrue();
        }
    }
}
