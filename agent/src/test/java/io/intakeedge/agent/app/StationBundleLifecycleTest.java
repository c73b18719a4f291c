package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.lifecycle.BundleLifecycle;
import io.intakeedge.agent.bundle.lifecycle.LifecycleState;
import io.intakeedge.agent.bundle.lifecycle.StateReport;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.StationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole station with {@code bundles.trusted_keys}: the configured bundle is adopted into the store, the lifecycle
 * state is in {@code /api/status}'s bundle slot, and an unsigned archive offered to the running station is refused
 * with its reason while the station keeps deciding with its bundle.
 */
class StationBundleLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aRunningStationRefusesAnUnsignedArchiveAndKeepsDeciding() throws Exception {
        KeyPair key = ArchiveFixtures.keyPair();
        Path pub = ArchiveFixtures.writePublic(dir.resolve("bundle-signing.pub"), key);
        Path bundle = ArchiveFixtures.copyDemo(dir.resolve("bundle"));
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic", null, 11L, 400, "presentation", null);
        StationConfig config = new StationConfig("site-a", "dev-1", "dock-1",
                io.intakeedge.profiles.ProfileRequest.of("generic-x86_64"), camera, bundle, dir.resolve("data"),
                new StationConfig.HttpConfig("127.0.0.1", 0), null, null,
                new BundleSettings(List.of(pub), List.of(), 2, null, null));
        try (StationAgent agent = new StationAgent(config, true)) {
            agent.start();
            BundleLifecycle lifecycle = agent.bundleLifecycle().orElseThrow();
            StateReport refused = lifecycle.offer(ArchiveFixtures.write(dir.resolve("unsigned.tar"),
                    ArchiveFixtures.pack(ArchiveFixtures.DEMO)), new BundleLifecycle.Job("job-1", 0))
                    .get(1, TimeUnit.MINUTES);
            assertThat(refused.state()).isEqualTo(LifecycleState.REJECTED);
            assertThat(refused.reason()).isEqualTo("unsigned");
            assertThat(refused.active()).isEqualTo("parcel-damage-demo@1.0.0");

            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            var status = agent.status();
            assertThat(status.bundle().lifecycle()).isEqualTo(refused);
            assertThat(agent.decisions().decisions()).isPositive();
            assertThat(agent.traces().count()).isEqualTo(agent.decisions().decisions());
        }
        // the store adopted the configured bundle: a restart resumes it from the store
        try (StationAgent again = new StationAgent(config, true)) {
            assertThat(again.bundle().orElseThrow().displayName()).isEqualTo("parcel-damage-demo@1.0.0");
            assertThat(again.bundle().orElseThrow().directory()).isEqualTo(bundle.toAbsolutePath().normalize());
        }
    }
}
