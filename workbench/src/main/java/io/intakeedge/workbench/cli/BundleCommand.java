package io.intakeedge.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code intake-edge bundle ...}: build, sign, verify and inspect bundle archives. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Bundle archives: build, sign, verify, "
        + "inspect.", subcommands = {BundleBuildCommand.class, BundleSignCommand.class, BundleVerifyCommand.class,
        BundleInspectCommand.class, CommandLine.HelpCommand.class})
public final class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
