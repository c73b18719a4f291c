package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.workbench.fleet.Fleet;
import io.intakeedge.workbench.fleet.FleetClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** What every {@code fleet} subcommand shares: the broker connection and the operator key. */
abstract class FleetSubcommand extends ToolCommand {
    /** The default archive store, which the block server ({@code collector --bundle-store}) serves. */
    static final String DEFAULT_STORE = "./bundle-store";

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT 5 broker (default "
            + "${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--username", description = "MQTT user name")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the MQTT "
            + "password")
    String passwordEnv;

    @Option(names = "--key", paramLabel = "KEY", description = "operator key (PKCS#8 PEM from `keys generate`) that "
            + "signs job documents and cancels")
    Path key;

    @Option(names = "--wait-ms", defaultValue = "1500", description = "how long to collect retained messages "
            + "(default ${DEFAULT-VALUE})")
    long waitMs;

    /** The command's work on a connected fleet. */
    protected abstract int run(Fleet fleet) throws Exception;

    @Override
    protected final int run() throws Exception {
        String password = passwordEnv == null ? null : System.getenv(passwordEnv);
        try (FleetClient client = FleetClient.connect(broker, username, password)) {
            return run(new Fleet(client, Optional.ofNullable(key)).waitMs(waitMs));
        } catch (MqttException e) {
            err().println("intake-edge fleet: broker " + broker + ": " + e.getMessage() + " (reason code "
                    + e.getReasonCode() + ")");
            err().flush();
            return FAILED;
        }
    }
}
