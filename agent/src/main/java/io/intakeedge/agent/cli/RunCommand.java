package io.intakeedge.agent.cli;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.config.StationConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code intake-edge run --config station.yaml}: the production loop, until SIGTERM or the source ends. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the station agent.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "station configuration (YAML), see docs/station.example.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        StationConfig station = StationConfigLoader.load(config);
        StationAgent agent = new StationAgent(station);
        // SIGTERM/SIGINT: finish the decision in progress, flush drift, close H2 cleanly
        Thread hook = new Thread(agent::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int port = agent.start();
        System.out.printf("intake-edge %s: station %s/%s, status http://%s:%d/api/status%n", Main.version(),
                station.site(), station.device(), station.http().host(), port);
        while (!agent.awaitEnd(Duration.ofHours(1))) {
            // a live camera never ends; the shutdown hook stops us
        }
        agent.close();
        return 0;
    }
}
