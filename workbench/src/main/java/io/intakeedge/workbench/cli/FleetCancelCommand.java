package io.intakeedge.workbench.cli;

import io.intakeedge.workbench.fleet.Fleet;
import io.intakeedge.workbench.fleet.RolloutDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleet cancel ROLLOUT --site S --key KEY}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Withdraw a rollout: its jobs become signed cancels; stations stop and delete what they fetched.")
final class FleetCancelCommand extends FleetSubcommand {
    @Parameters(index = "0", paramLabel = "ROLLOUT", description = "rollout id")
    String rollout;

    @Option(names = "--site", required = true, description = "the rollout's site")
    String site;

    @Override
    protected int run(Fleet fleet) throws Exception {
        RolloutDocument r = fleet.cancel(site, rollout);
        out().println("rollout " + rollout + " cancelled on " + r.jobTopics());
        out().flush();
        return OK;
    }
}
