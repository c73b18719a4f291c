package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CalibrationCommand;
import io.intakeedge.agent.cli.DriftCommand;
import io.intakeedge.agent.cli.RunCommand;
import io.intakeedge.agent.cli.TraceCommand;
import io.intakeedge.collector.CollectorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./intake-edge} on a developer's or fleet engineer's machine: the station's commands plus the demo, the
 * collector, the model tools and the benchmarks. Exit codes as the station's CLI: 0, 1 runtime failure, 2 bad input.
 */
@Command(name = "intake-edge", mixinStandardHelpOptions = true,
        versionProvider = io.intakeedge.agent.cli.Main.Version.class,
        description = "Edge vision agent for warehouse intake-station cameras: station, demo, collector and model tools.",
        subcommands = {RunCommand.class, TraceCommand.class, DemoCommand.class, CollectorCommand.class,
                ModelCommand.class, QuantizeCommand.class, CalibrationCommand.class, DriftCommand.class, BenchmarkCommand.class,
                FleetCommand.class,
                io.intakeedge.agent.cli.ProfileCommand.class, KeysCommand.class, BundleCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // HiveMQ's embedded jar ships a logback.xml of its own
        io.intakeedge.agent.cli.Main.useBundledLogConfig();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return io.intakeedge.agent.cli.Main.execute(new CommandLine(new Main()), args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
