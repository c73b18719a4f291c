package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.lifecycle.BundleCommand;
import io.intakeedge.agent.bundle.lifecycle.BundleMqttLink;
import io.intakeedge.agent.bundle.lifecycle.CommandRefused;
import io.intakeedge.agent.bundle.lifecycle.CommandVerifier;
import io.intakeedge.agent.cli.CommandRun;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code fleet promote} and {@code fleet rollback} against the machine's mosquitto: what arrives on the station's
 * command topic is a command the station's verifier accepts, once, only with the operator's public key.
 */
class FleetCommandsTest {
    @TempDir
    Path dir;

    @Test
    void promoteAndRollbackSendCommandsTheStationAccepts() throws Exception {
        assertThat(CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("op")).exitCode()).isZero();
        assertThat(CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("other")).exitCode()).isZero();
        String site = "fc-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        MqttClient station = new MqttClient("tcp://127.0.0.1:1883", "station-" + site, new MemoryPersistence());
        station.connect(new MqttConnectionOptions());
        station.subscribe(new MqttSubscription[] {new MqttSubscription(BundleMqttLink.commandTopic(site, "st-1"), 1)},
                new IMqttMessageListener[] {(t, m) -> received.add(m.getPayload())});
        try {
            CommandRun promote = CommandRun.of(new FleetPromoteCommand(), "--target", site + "/st-1", "--key",
                    dir.resolve("op/bundle-signing.key"), "--bundle", "parcel-damage-demo@1.1.0", "--command-id",
                    "cmd-42");
            assertThat(promote.exitCode()).as(promote.toString()).isZero();
            assertThat(promote.out()).contains("sent promote cmd-42").contains("/bundle/state");
            CommandRun rollback = CommandRun.of(new FleetRollbackCommand(), "--target", site + "/st-1", "--key",
                    dir.resolve("op/bundle-signing.key"), "--allow-sequence", "3");
            assertThat(rollback.exitCode()).as(rollback.toString()).isZero();

            Set<String> nonces = new HashSet<>();
            CommandVerifier verifier = new CommandVerifier(TrustedKeys.of(List.of(dir.resolve(
                    "op/bundle-signing.pub"))), site, "st-1", (c, signer, now) -> nonces.add(c.nonce()));
            byte[] first = received.poll(10, TimeUnit.SECONDS);
            byte[] second = received.poll(10, TimeUnit.SECONDS);
            BundleCommand p = verifier.verify(first, Instant.now()).command();
            assertThat(p.kind()).isEqualTo(BundleCommand.Action.PROMOTE);
            assertThat(p.bundle()).isEqualTo("parcel-damage-demo@1.1.0");
            assertThat(p.commandId()).isEqualTo("cmd-42");
            BundleCommand r = verifier.verify(second, Instant.now()).command();
            assertThat(r.kind()).isEqualTo(BundleCommand.Action.ROLLBACK);
            assertThat(r.sequence()).isEqualTo(3L);
            assertThat(r.nonce()).isNotEqualTo(p.nonce());
            assertThatThrownBy(() -> verifier.verify(first, Instant.now())).isInstanceOfSatisfying(
                    CommandRefused.class, e -> assertThat(e.reason()).isEqualTo("replayed"));

            CommandVerifier otherKey = new CommandVerifier(TrustedKeys.of(List.of(dir.resolve(
                    "other/bundle-signing.pub"))), site, "st-1", (c, signer, now) -> true);
            assertThatThrownBy(() -> otherKey.verify(second, Instant.now())).isInstanceOfSatisfying(
                    CommandRefused.class, e -> assertThat(e.reason()).isEqualTo("unknown_signer"));
        } finally {
            station.disconnect();
            station.close();
        }
    }

    @Test
    void aBadTargetOrTtlIsBadInput() {
        CommandRun bad = CommandRun.of(new FleetPromoteCommand(), "--target", "no-slash", "--key",
                dir.resolve("missing.key"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("SITE/DEVICE");
        CommandRun ttl = CommandRun.of(new FleetRollbackCommand(), "--target", "a/b", "--key",
                dir.resolve("missing.key"), "--ttl", "P2D");
        assertThat(ttl.exitCode()).isEqualTo(2);
        assertThat(ttl.err()).contains("--ttl");
    }
}
