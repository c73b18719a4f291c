package io.intakeedge.workbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code intake-edge fleet promote --target SITE/DEVICE --key KEY}: the candidate in shadow becomes active. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Sign and send a promote: the station's candidate in shadow is activated between two frames, "
                + "then watched; it rolls back by itself if its health fails.")
public final class FleetPromoteCommand extends FleetCommandOptions {
    @Option(names = "--bundle", paramLabel = "ID@VERSION",
            description = "promote only if this is the candidate (refused otherwise)")
    String bundle;

    @Override
    protected int run() throws Exception {
        return send("promote", bundle, null);
    }
}
