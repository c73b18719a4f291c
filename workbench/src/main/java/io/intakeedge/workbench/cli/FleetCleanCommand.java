package io.intakeedge.workbench.cli;

import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.workbench.fleet.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;

/** {@code fleet clean ROLLOUT --site S}. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove a finished rollout's retained job and rollout documents from the broker.")
final class FleetCleanCommand extends FleetSubcommand {
    @Parameters(index = "0", paramLabel = "ROLLOUT", description = "rollout id")
    String rollout;

    @Option(names = "--site", required = true, description = "the rollout's site")
    String site;

    @Option(names = "--force", description = "clean even while stations still download it")
    boolean force;

    @Option(names = "--store", paramLabel = "DIR", description = "also delete the archive from this store")
    Path store;

    @Override
    protected int run(Fleet fleet) throws Exception {
        Optional<ArchiveStore> s = store == null ? Optional.empty() : Optional.of(new ArchiveStore(store));
        for (String removed : fleet.clean(site, rollout, force, s)) {
            out().println("removed " + removed);
        }
        out().flush();
        return OK;
    }
}
