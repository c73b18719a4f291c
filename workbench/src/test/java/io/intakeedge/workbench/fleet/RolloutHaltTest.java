package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.cli.CommandRun;
import io.intakeedge.collector.bundle.RolloutController;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import io.intakeedge.workbench.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary rollout halts by itself (docs/collector.md, "Rollout controller") on the machine's mosquitto: a whole
 * station (lifecycle, retained bundle state) is the canary of a signed archive whose exact receipt it must hold; the
 * collector's rollout controller reads the station's {@code rejected} state, republishes the rollout document
 * halted and clears the canary's job; {@code fleet status} shows the halt, {@code fleet promote --rollout} refuses to
 * send the job to the rest of the group, and the other station of the group never got a job.
 */
class RolloutHaltTest {
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static CommandRun fleet(Object... args) {
        List<Object> all = new java.util.ArrayList<>(List.of("fleet", args[0], "--wait-ms", "500"));
        all.addAll(List.of(args).subList(1, args.length));
        return CommandRun.of(new Main(), all.toArray());
    }

    @Test
    void aCanaryThatFailsValidationHaltsTheRolloutBeforeTheRestOfTheGroupGetsIt() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        Path archive = UnprovableArchive.signed(dir, 2, keys.privateKey());
        try (DeliveryRig rig = new DeliveryRig(dir);
             RolloutController controller = RolloutController.start(DeliveryRig.BROKER, "rollouts-" + rig.site,
                     rig.site);
             StationAgent a = StationDeliveryTest.station(dir.resolve("a"), rig.site, "a", keys.publicKey())) {
            rig.startServer();
            a.start();
            DeliveryRig.Station b = rig.station("b").start(Set.of("line-1"), Optional.of(keys.publicKey()),
                    BundleDelivery.Settings.DEFAULTS);
            rig.awaitReported("line-1", List.of("a", "b")); // canaries are picked among stations that reported

            CommandRun push = fleet("push", "--target", rig.site + "/group/line-1", archive, "--rollout", "r-halt",
                    "--store", rig.store.dir(), "--key", keys.privateKey(), "--canary", "50%");
            assertThat(push.exitCode()).as(push.toString()).isZero();
            assertThat(push.out()).contains("canaries [a] first");

            AtomicReference<RolloutDocument> seen = new AtomicReference<>();
            try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
                Fleet reader = new Fleet(c, Optional.empty()).waitMs(500);
                assertThat(Eventually.await(LONG, () -> {
                    seen.set(reader.rollout(rig.site, "r-halt"));
                    return "halted".equals(seen.get().standing());
                })).as("rollout %s, failures %s", seen.get(), controller.failures(rig.site, "r-halt")).isTrue();
                assertThat(seen.get().failedDevices()).containsOnlyKeys("a");
                assertThat(seen.get().failedDevices().get("a")).startsWith("rejected validation: ");
                assertThat(seen.get().haltReason()).contains("limit 1");
                assertThat(Eventually.await(LONG, () -> c.retained(500, BundleTopics.deviceJob(rig.site, "a"))
                        .isEmpty())).as("the canary's retained job is cleared").isTrue();
                assertThat(c.retained(500, BundleTopics.groupJob(rig.site, "line-1"))).isEmpty();
            }
            assertThat(controller.halts()).isEqualTo(1);

            CommandRun status = fleet("status", "--site", rig.site);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).contains("rollout r-halt", "halted", "rejected validation");

            CommandRun promote = CommandRun.of(new Main(), "fleet", "promote", "--rollout", "r-halt", "--target",
                    rig.site, "--key", keys.privateKey(), "--store", rig.store.dir());
            assertThat(promote.exitCode()).as(promote.toString()).isEqualTo(2);
            assertThat(promote.err()).contains("r-halt is halted");
            assertThat(b.jobs).as("the rest of the group never got the job").isEmpty();
        }
    }
}
