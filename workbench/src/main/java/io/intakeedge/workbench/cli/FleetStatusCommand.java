package io.intakeedge.workbench.cli;

import io.intakeedge.workbench.fleet.Fleet;
import io.intakeedge.workbench.fleet.StationRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code fleet status [--site S]}: one line per station from the retained status and bundle-state topics. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Devices, active bundle, bundle state, download progress and last seen, then each rollout "
                + "(active, halted with why, cancelled), from retained topics.")
final class FleetStatusCommand extends FleetSubcommand {
    @Option(names = "--site", defaultValue = "+", description = "one site (default: every site)")
    String site;

    @Override
    protected int run(Fleet fleet) throws Exception {
        List<StationRow> rows = fleet.status(site);
        String format = "%-12s %-16s %-8s %-28s %-11s %-28s %-24s %s%n";
        out().printf(format, "SITE", "DEVICE", "LINK", "ACTIVE BUNDLE", "STATE", "ROLLOUT", "PROGRESS", "LAST SEEN");
        for (StationRow r : rows) {
            out().printf(format, r.site(), r.device(), r.link(), r.activeBundle(), r.state(), r.rollout(),
                    r.progress(), r.lastSeen() == null ? "-" : r.lastSeen());
            if (r.reason() != null) {
                out().println("    reason: " + r.reason());
            }
        }
        for (var r : fleet.rollouts(site)) {
            out().printf("rollout %s (%s, %s): %s%s%n", r.rolloutId(), r.site(), r.target(), r.standing(),
                    r.haltReason() == null ? "" : ": " + r.haltReason());
        }
        if (rows.isEmpty()) {
            out().println("(no station has reported on this broker" + ("+".equals(site) ? "" : " for site " + site)
                    + ")");
        }
        out().flush();
        return OK;
    }
}
