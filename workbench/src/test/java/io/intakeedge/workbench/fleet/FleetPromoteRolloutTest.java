package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.BundleJob;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.cli.CommandRun;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import io.intakeedge.workbench.cli.Main;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fleet promote --rollout} on the machine's mosquitto: a canary rollout goes to the rest of its group (the
 * other station gets the job); a rollout whose job names another sequence than the archive it would promote is
 * refused with both sequences named, and nothing is published.
 */
class FleetPromoteRolloutTest {
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static CommandRun promote(DeliveryRig rig, String rollout, Path key) {
        return CommandRun.of(new Main(), "fleet", "promote", "--rollout", rollout, "--target", rig.site, "--key", key,
                "--store", rig.store.dir());
    }

    private static CommandRun canaryPush(DeliveryRig rig, Path archive, String rollout, Path key) {
        return CommandRun.of(new Main(), "fleet", "push", "--wait-ms", "500", "--target", rig.site + "/group/g1",
                archive, "--rollout", rollout, "--store", rig.store.dir(), "--key", key, "--canary", "50%");
    }

    @Test
    void aCanaryRolloutGoesToTheRestOfItsGroupAndAJobThatDisagreesWithItsArchiveIsRefused() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        Path archive = DeliveryRig.signedDemo(dir, 2, 0, keys.privateKey());
        try (DeliveryRig rig = new DeliveryRig(dir)) {
            rig.startServer();
            DeliveryRig.Station a = rig.station("a").start(Set.of("g1"), Optional.of(keys.publicKey()),
                    BundleDelivery.Settings.DEFAULTS);
            DeliveryRig.Station b = rig.station("b").start(Set.of("g1"), Optional.of(keys.publicKey()),
                    BundleDelivery.Settings.DEFAULTS);
            rig.awaitReported("g1", List.of("a", "b"));

            CommandRun push = canaryPush(rig, archive, "r-wide", keys.privateKey());
            assertThat(push.exitCode()).as(push.toString()).isZero();
            assertThat(push.out()).contains("canaries [a] first", "fleet promote --rollout r-wide");
            assertThat(Eventually.await(LONG, () -> a.jobs.size() == 1)).isTrue();

            CommandRun wide = promote(rig, "r-wide", keys.privateKey());
            assertThat(wide.exitCode()).as(wide.toString()).isZero();
            assertThat(wide.out()).contains(BundleTopics.groupJob(rig.site, "g1"));
            assertThat(Eventually.await(LONG, () -> b.jobs.size() == 1)).as("%s", b.fullState()).isTrue();
            assertThat(b.jobs.get(0).rolloutId()).isEqualTo("r-wide");
            assertThat(b.jobs.get(0).canary()).isFalse();
            CommandRun again = promote(rig, "r-wide", keys.privateKey());
            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.err()).contains("already went to its whole target");

            // a rollout document whose job claims sequence 7 for the sequence-2 archive
            CommandRun second = canaryPush(rig, archive, "r-edit", keys.privateKey());
            assertThat(second.exitCode()).as(second.toString()).isZero();
            try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
                RolloutDocument r = new Fleet(c, Optional.empty()).waitMs(500).rollout(rig.site, "r-edit");
                BundleJob j = r.job().job();
                JobDocument edited = JobDocument.download(new BundleJob(j.rolloutId(), j.bundleId(), j.version(), 7,
                        j.sha256(), j.size(), j.blockSize(), j.target(), false), r.job().hashes(), r.issuedAt());
                RolloutDocument tampered = new RolloutDocument(r.schema(), r.rolloutId(), r.site(), r.target(),
                        r.sha256(), r.canaryPercent(), r.canaryDevices(), r.jobTopics(), edited, r.issuedAt(), null,
                        r.haltAfter(), null, null, null);
                c.publishRetained(BundleTopics.rollout(rig.site, "r-edit"), tampered.toBytes(), new MqttProperties());
            }
            CommandRun refused = promote(rig, "r-edit", keys.privateKey());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).contains("sequence 7", "sequence 2");
            try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
                RolloutDocument after = new Fleet(c, Optional.empty()).waitMs(500).rollout(rig.site, "r-edit");
                assertThat(after.jobTopics()).as("nothing published").doesNotContain(
                        BundleTopics.groupJob(rig.site, "g1"));
            }
        }
    }
}
