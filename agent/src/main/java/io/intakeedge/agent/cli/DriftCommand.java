package io.intakeedge.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code intake-edge drift …}: drift reference profiles. */
@Command(name = "drift", mixinStandardHelpOptions = true, description = "Drift statistics tools.",
        subcommands = {DriftReferenceCommand.class, CommandLine.HelpCommand.class})
public final class DriftCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
