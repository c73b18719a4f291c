package io.intakeedge.agent.cli;

import io.intakeedge.agent.app.StartupException;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.config.StationConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code intake-edge run --config station.yaml}: the production loop, until SIGTERM (or the end of a video file or the
 * synthetic scene; a hot folder waits for files until stopped). Prints one line per decision unless {@code --quiet}.
 * A start-up failure is one line on stderr and exit code 2; nothing is left open.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the station agent.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "station configuration (YAML), see docs/station.example.yaml")
    Path config;

    @Option(names = "--quiet", description = "no line per decision (the status page and the traces still have them)")
    boolean quiet;

    @Option(names = "--verbose", description = "print the stack trace of a start-up failure")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StationAgent agent;
        int port;
        StationConfig station;
        try {
            station = StationConfigLoader.load(config);
            agent = new StationAgent(station, true);
        } catch (StartupException | IllegalArgumentException e) {
            return startupFailed(e);
        }
        // SIGTERM/SIGINT: finish the decision in progress, flush drift, close H2 cleanly
        Thread hook = new Thread(agent::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!quiet) {
            agent.onDecision(t -> out.println(DecisionLine.of(t)));
            agent.skips().onSkipped(s -> out.println(DecisionLine.of(s)));
        }
        try {
            port = agent.start();
        } catch (Exception e) {
            agent.close();
            return startupFailed(e);
        }
        out.printf("intake-edge %s: station %s/%s, status http://%s:%d/api/status%n", Main.version(),
                station.site(), station.device(), station.http().host(), port);
        out.flush();
        while (!agent.awaitEnd(Duration.ofHours(1))) {
            // a live camera or a hot folder never ends by itself; the shutdown hook stops us
        }
        agent.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook); // the source ended: nothing left for the hook to do
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM ended the source: the hook is running
        }
        return 0;
    }

    private int startupFailed(Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("intake-edge: cannot start: " + String.valueOf(e.getMessage() == null ? e : e.getMessage()).strip().replace('\n', ' ')
                + (verbose ? "" : " (--verbose shows the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 2;
    }
}
