package io.intakeedge.agent.cli;

import io.intakeedge.agent.app.AgentVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The station's {@code intake-edge} entry point: the commands a station needs (run it, look at its traces and drift,
 * export its calibration frames). The workbench's CLI offers these plus the demo, the collector and the model tools.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input (config, model, bundle).
 */
@Command(name = "intake-edge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Edge vision agent for warehouse intake-station cameras.",
        subcommands = {RunCommand.class, TraceCommand.class, CalibrationCommand.class, DriftCommand.class,
                ProfileCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        useBundledLogConfig();
        System.exit(execute(args));
    }

    /** Names our logback configuration (in sync's jar), so a library's own logback.xml never configures us. */
    public static void useBundledLogConfig() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "intake-edge-logback.xml");
        }
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return execute(new CommandLine(new Main()), args);
    }

    /** Runs {@code cli} with the station's error handling: one line for bad input (exit 2), a stack trace otherwise. */
    public static int execute(CommandLine cli, String... args) {
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
        return AgentVersion.get();
    }

    /** Reports the agent's version for {@code --version}; the workbench's CLI uses it too. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"intake-edge " + version()};
        }
    }
}
