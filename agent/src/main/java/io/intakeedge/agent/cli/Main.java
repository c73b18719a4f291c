package io.intakeedge.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./intake-edge} entry point. Each sub-command lives in its own class in this package.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input (config, model, bundle).
 */
@Command(name = "intake-edge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Edge vision agent for warehouse intake-station cameras.",
        subcommands = {RunCommand.class, TraceCommand.class, DemoCommand.class, CollectorCommand.class, ModelCommand.class,
                QuantizeCommand.class, CalibrationCommand.class, DriftCommand.class, BenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // HiveMQ's embedded jar ships a logback.xml of its own; name ours so the broker's never configures us
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "intake-edge-logback.xml");
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean badInput = e instanceof IllegalArgumentException;
            cmd.getErr().println("intake-edge: " + e.getMessage());
            if (!badInput) {
                e.printStackTrace(cmd.getErr());
            }
            return badInput ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version baked into the jar by Maven, or "dev" when run from classes. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"intake-edge " + version()};
        }
    }
}
