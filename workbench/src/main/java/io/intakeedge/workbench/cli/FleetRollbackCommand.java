package io.intakeedge.workbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code intake-edge fleet rollback --target SITE/DEVICE --key KEY}: back to the previous whole bundle. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Sign and send a rollback: the station serves its previous whole bundle again (model, "
                + "preprocessing, labels, thresholds, gate limits, fallback, drift reference together).")
public final class FleetRollbackCommand extends FleetCommandOptions {
    @Option(names = "--allow-sequence", paramLabel = "N",
            description = "also let an archive with this lower bundle sequence past the station's anti-downgrade "
                    + "check until the command expires (to push an older bundle again)")
    Long sequence;

    @Override
    protected int run() throws Exception {
        if (sequence != null && sequence < 1) {
            throw new IllegalArgumentException("--allow-sequence must be >= 1, got " + sequence);
        }
        return send("rollback", null, sequence);
    }
}
