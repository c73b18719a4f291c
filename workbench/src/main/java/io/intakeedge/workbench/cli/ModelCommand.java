package io.intakeedge.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code intake-edge model ...}: tools on model files (agreement between a float model and its INT8 version). */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model tools.",
        subcommands = {ModelInspectCommand.class, ModelAgreementCommand.class, ModelBuildDemoCommand.class, CommandLine.HelpCommand.class})
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
