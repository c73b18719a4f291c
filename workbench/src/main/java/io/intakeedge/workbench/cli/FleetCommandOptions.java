package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.lifecycle.BundleMqttLink;
import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.sync.protocol.Ids;
import io.intakeedge.workbench.bundle.CommandSigner;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@code fleet promote} and {@code fleet rollback} share: the target station, the operator key, the broker, and
 * sending one signed command with QoS 1, not retained (a station that is offline gets it from its MQTT session when
 * it reconnects, as long as the command has not expired).
 */
abstract class FleetCommandOptions extends ToolCommand {
    @Option(names = "--target", required = true, paramLabel = "SITE/DEVICE", description = "the station")
    String target;

    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "operator signing key (PKCS#8 PEM from `keys generate`)")
    Path key;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", paramLabel = "URI",
            description = "MQTT broker (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--username", paramLabel = "USER", description = "MQTT user; password from "
            + "INTAKE_EDGE_MQTT_PASSWORD")
    String username;

    @Option(names = "--ttl", defaultValue = "PT10M", paramLabel = "DURATION",
            description = "how long the command stays valid, ISO-8601 (default ${DEFAULT-VALUE}, at most PT24H)")
    Duration ttl;

    @Option(names = "--command-id", paramLabel = "ID", description = "echoed in the station's bundle state "
            + "(default: a random one)")
    String commandId;

    /** Signs {@code action} for the target and publishes it; prints where to watch the outcome. */
    protected int send(String action, String bundle, Long sequence) throws Exception {
        String[] parts = target.split("/", -1);
        if (parts.length != 2 || !Ids.isValid(parts[0]) || !Ids.isValid(parts[1])) {
            throw new IllegalArgumentException("--target must be SITE/DEVICE with ids " + Ids.RULE + ", got '"
                    + target + "'");
        }
        String id = commandId != null ? commandId : action + "-" + UUID.randomUUID().toString().substring(0, 8);
        CommandSigner.Signed signed = CommandSigner.sign(key, action, parts[0], parts[1], bundle, sequence, id, ttl,
                Instant.now());
        String topic = BundleMqttLink.commandTopic(parts[0], parts[1]);
        MqttClient client = new MqttClient(broker, "intake-fleet-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setConnectionTimeout(10);
            if (username != null) {
                o.setUserName(username);
                String password = System.getenv("INTAKE_EDGE_MQTT_PASSWORD");
                if (password != null) {
                    o.setPassword(password.getBytes(StandardCharsets.UTF_8));
                }
            }
            client.connect(o);
            client.publish(topic, new MqttMessage(signed.message(), 1, false, null));
            client.disconnect();
        } finally {
            client.close();
        }
        out().println("sent " + action + " " + id + " to " + target + " (valid until " + signed.command().expiresAt()
                + "); watch: mosquitto_sub -V mqttv5 -t '" + BundleMqttLink.stateTopic(parts[0], parts[1]) + "'");
        out().flush();
        return OK;
    }
}
