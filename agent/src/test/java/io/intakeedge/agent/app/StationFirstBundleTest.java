package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.lifecycle.BundleCommand;
import io.intakeedge.agent.bundle.lifecycle.BundleLifecycle;
import io.intakeedge.agent.bundle.lifecycle.CommandVerifier;
import io.intakeedge.agent.bundle.lifecycle.LifecycleState;
import io.intakeedge.agent.bundle.lifecycle.StateReport;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.sync.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh station (no bundle anywhere: the configured directory does not exist) with {@code bundles.trusted_keys}
 * starts fail-closed and still runs the lifecycle: a signed archive goes verify → validate → shadow (nothing to
 * compare with, so it waits), a signed promote activates it between two frames, the health watch commits it, and
 * from then on it decides; a restart resumes it from the store.
 */
class StationFirstBundleTest {
    /**
     * A watch of 10 decisions that only an inference error rate over 50 % fails: this test is about the first
     * install's path, not the limits (BundleLifecycleTest); fail-closed, latency and route-mix limits are off, so a
     * loaded machine's slow decisions cannot roll it back.
     */
    private static final BundleSettings.Health WATCH = new BundleSettings.Health(10, 3600, 10, 0.5, 1.0, 1.0, 1.0);

    @TempDir
    Path dir;

    @Test
    void aStationWithoutABundleInstallsItsFirstOneThroughTheLifecycle() throws Exception {
        KeyPair key = ArchiveFixtures.keyPair();
        Path pub = ArchiveFixtures.writePublic(dir.resolve("bundle-signing.pub"), key);
        Path archive = ArchiveFixtures.write(dir.resolve("first.tar"),
                ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.copyDemo(dir.resolve("src"))), key));
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 11L, 0, "presentation", null);
        StationConfig config = new StationConfig("site-a", "dev-1", "dock-1",
                io.intakeedge.profiles.ProfileRequest.of("generic-x86_64"), camera, dir.resolve("no-bundle-here"),
                dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0), null, null,
                new BundleSettings(List.of(pub), List.of(), 2, WATCH, null));
        try (StationAgent agent = new StationAgent(config, false)) {
            agent.start();
            assertThat(agent.bundle()).isEmpty();
            assertThat(agent.status().problems()).anyMatch(p -> p.contains("no usable bundle"));
            BundleLifecycle lifecycle = agent.bundleLifecycle().orElseThrow();

            StateReport shadow = lifecycle.offer(archive, new BundleLifecycle.Job("first", 25))
                    .get(2, TimeUnit.MINUTES);
            assertThat(shadow.state()).as(shadow.summary()).isEqualTo(LifecycleState.SHADOW);
            assertThat(shadow.detail()).contains("no active bundle", "signed promote");
            assertThat(shadow.active()).isNull();

            Instant now = Instant.now();
            BundleCommand promote = new BundleCommand(BundleCommand.SCHEMA, "promote", "cmd-first", "site-a",
                    "dev-1", null, null, now, now.plusSeconds(300), UUID.randomUUID().toString());
            StateReport watching = lifecycle.command(new CommandVerifier.Verified(promote,
                    ArchiveFixtures.fingerprint(key))).get(1, TimeUnit.MINUTES);
            assertThat(watching.state()).as(watching.summary()).isEqualTo(LifecycleState.WATCHING);
            assertThat(agent.bundle()).hasValueSatisfying(b ->
                    assertThat(b.displayName()).isEqualTo("parcel-damage-demo@1.0.0"));

            assertThat(Eventually.await(Duration.ofMinutes(5), () -> lifecycle.latest().state()
                    == LifecycleState.COMMITTED)).as("%s", lifecycle.latest().summary()).isTrue();
            assertThat(lifecycle.latest().active()).isEqualTo("parcel-damage-demo@1.0.0");
            assertThat(agent.status().problems()).noneMatch(p -> p.contains("no usable bundle"));
        }
        try (StationAgent again = new StationAgent(config, true)) {
            assertThat(again.bundle().orElseThrow().displayName()).isEqualTo("parcel-damage-demo@1.0.0");
        }
    }
}
