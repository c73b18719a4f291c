package io.intakeedge.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code intake-edge fleet ...}: rollouts of signed bundle archives over MQTT. A new subcommand (the lifecycle's
 * promote and rollback) is one more entry in {@code subcommands}, extending {@link FleetSubcommand} for the broker
 * and key options.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Roll bundles out to stations over MQTT: push, status, cancel, clean, promote, rollback.",
        subcommands = {FleetPushCommand.class, FleetStatusCommand.class, FleetCancelCommand.class,
                FleetCleanCommand.class, FleetPromoteCommand.class, FleetRollbackCommand.class,
                CommandLine.HelpCommand.class})
public final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
