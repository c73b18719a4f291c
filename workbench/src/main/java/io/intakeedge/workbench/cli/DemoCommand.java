package io.intakeedge.workbench.cli;

import io.intakeedge.workbench.demo.DemoReport;
import io.intakeedge.workbench.demo.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code intake-edge demo}: the whole loop on one machine with nothing installed — synthetic conveyor scene, quality
 * gate, INT8 model, routing, H2 traces, an embedded MQTT broker and the central collector.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole loop on a synthetic conveyor scene (no camera, no server needed).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "1200", description = "frames of the synthetic scene (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--seed", defaultValue = "2026", description = "scene seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", description = "write a JSON summary to this file")
    Path report;

    @Option(names = "--data", description = "data directory (default: a new folder under out/demo/)")
    Path data;

    @Option(names = "--bundle", defaultValue = "bundles/demo", description = "serving bundle (default ${DEFAULT-VALUE})")
    Path bundle;

    @Option(names = "--port", defaultValue = "0", description = "status page port (default: a free port)")
    int port;

    @Option(names = "--no-sync", description = "skip the embedded MQTT broker and collector (local traces only)")
    boolean noSync;

    @Override
    public Integer call() throws Exception {
        if (frames <= 0) {
            throw new IllegalArgumentException("--frames must be positive, got " + frames);
        }
        Path dataDir = data != null ? data : Path.of("out", "demo",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dataDir);
        DemoReport result = new DemoRun(dataDir, bundle, frames, seed, port, !noSync, System.out).run();
        System.out.println();
        System.out.println(result.summary());
        if (report != null) {
            result.writeTo(report);
            System.out.println("report written to " + report);
        }
        return 0;
    }
}
