package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.workbench.fleet.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code fleet push --target T BUNDLE [--canary N%]}. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Roll a signed bundle archive out: store it for the block server, publish the retained job.")
final class FleetPushCommand extends FleetSubcommand {
    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "site/device, site/group/NAME or site")
    String target;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a signed archive from `bundle build` + `bundle sign`")
    Path archive;

    @Option(names = "--canary", paramLabel = "N%", description = "only N% of the target's stations (at least one) "
            + "get the job now; `fleet promote --rollout ID` sends it to the rest")
    String canary;

    @Option(names = "--halt-after", defaultValue = "1", paramLabel = "N", description = "the collector's rollout "
            + "controller halts the rollout once N stations failed validation, shadow agreement or health "
            + "(default ${DEFAULT-VALUE})")
    int haltAfter;

    @Option(names = "--rollout", paramLabel = "ID", description = "rollout id (default: bundle-sequence-time)")
    String rollout;

    @Option(names = "--store", defaultValue = DEFAULT_STORE, paramLabel = "DIR",
            description = "archive store the block server serves (default ${DEFAULT-VALUE})")
    Path store;

    @Override
    protected int run(Fleet fleet) throws Exception {
        OptionalInt percent = canary == null ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(canary.strip().replaceFirst("%$", "")));
        if (!fleet.signs()) {
            err().println("warning: no --key: the job is unsigned; stations with delivery.operator_keys refuse it");
        }
        Fleet.Pushed p = fleet.haltAfter(haltAfter).push(archive, JobTarget.parse(target), percent, Optional.ofNullable(rollout),
                new ArchiveStore(store));
        out().printf("rollout %s: %s sha256 %s, %d blocks of %d bytes%n", p.rollout().rolloutId(),
                p.rollout().target(), p.rollout().sha256(), p.blocks(), p.blockSize());
        out().println(p.rollout().canaryDevices().isEmpty() ? "job published on " + p.rollout().jobTopics()
                : "canaries " + p.rollout().canaryDevices() + " first; `fleet promote --rollout "
                + p.rollout().rolloutId() + "` for the rest");
        out().flush();
        return OK;
    }
}
