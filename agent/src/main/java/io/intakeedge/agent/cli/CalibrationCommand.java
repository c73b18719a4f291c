package io.intakeedge.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code intake-edge calibration ...}: the station's own calibration frames. */
@Command(name = "calibration", mixinStandardHelpOptions = true, description = "Station calibration frames.",
        subcommands = {CalibrationExportCommand.class, CommandLine.HelpCommand.class})
public final class CalibrationCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
