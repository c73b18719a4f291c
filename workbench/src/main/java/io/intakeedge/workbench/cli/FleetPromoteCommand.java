package io.intakeedge.workbench.cli;

import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.workbench.fleet.Fleet;
import io.intakeedge.workbench.fleet.FleetClient;
import io.intakeedge.workbench.fleet.RolloutDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code intake-edge fleet promote --target SITE/DEVICE --key KEY}: the candidate in shadow becomes active; or
 * {@code fleet promote --rollout ID --target SITE --key KEY}: a canary rollout goes to its whole target.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Sign and send a promote: the station's candidate in shadow is activated between two frames, "
                + "then watched; it rolls back by itself if its health fails. With --rollout: send a canary "
                + "rollout's job to its whole target (refused when the rollout halted or its job disagrees with "
                + "the archive).")
public final class FleetPromoteCommand extends FleetCommandOptions {
    @Option(names = "--bundle", paramLabel = "ID@VERSION",
            description = "promote only if this is the candidate (refused otherwise)")
    String bundle;

    @Option(names = "--rollout", paramLabel = "ID", description = "widen this canary rollout of site --target to "
            + "its whole target instead of promoting one station's candidate")
    String rollout;

    @Option(names = "--store", defaultValue = FleetSubcommand.DEFAULT_STORE, paramLabel = "DIR",
            description = "archive store holding the rollout's archive (default ${DEFAULT-VALUE})")
    Path store;

    @Override
    protected int run() throws Exception {
        if (rollout == null) {
            return send("promote", bundle, null);
        }
        String site = target.split("/", -1)[0];
        try (FleetClient client = FleetClient.connect(broker, username, System.getenv("INTAKE_EDGE_MQTT_PASSWORD"))) {
            RolloutDocument r = new Fleet(client, Optional.of(key)).widen(site, rollout, new ArchiveStore(store));
            out().println("rollout " + r.rolloutId() + " now goes to " + r.target() + " (job topics "
                    + r.jobTopics() + ")");
            out().flush();
            return OK;
        }
    }
}
