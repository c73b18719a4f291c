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
    static final int DEFAULT_PORT = 8080;

    @Option(names = "--frames", description = "frames of the synthetic scene, then a summary "
            + "(default: a live scene at 25 fps until Ctrl-C)")
    Integer frames;

    @Option(names = "--seed", defaultValue = "2026", description = "scene seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", description = "write a JSON summary to this file")
    Path report;

    @Option(names = "--data", description = "data directory (default: a new folder under out/demo/)")
    Path data;

    @Option(names = "--bundle", defaultValue = "bundles/demo", description = "serving bundle (default ${DEFAULT-VALUE})")
    Path bundle;

    @Option(names = "--port", defaultValue = "8080",
            description = "status page port (default ${DEFAULT-VALUE}, or a free port when it is taken; 0: a free port)")
    int port;

    @Option(names = "--no-sync", description = "skip the embedded MQTT broker and collector (local traces only)")
    boolean noSync;

    @Override
    public Integer call() throws Exception {
        if (frames != null && frames <= 0) {
            throw new IllegalArgumentException("--frames must be positive, got " + frames);
        }
        if (frames == null && report != null) {
            throw new IllegalArgumentException("--report needs --frames (a live demo runs until Ctrl-C)");
        }
        Path dataDir = data != null ? data : Path.of("out", "demo",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dataDir);
        int httpPort = FreePort.orAnother(port, DEFAULT_PORT);
        if (httpPort != port) {
            System.out.printf("port %d is taken; the status page uses a free port instead%n", port);
        }
        var run = new DemoRun(dataDir, bundle, frames == null ? 0 : frames, seed, httpPort, !noSync, System.out);
        var outcome = run.run();
        if (outcome.isEmpty()) {
            return 0; // live run stopped by Ctrl-C
        }
        DemoReport result = outcome.get();
        System.out.println();
        System.out.println(result.summary());
        if (report != null) {
            result.writeTo(report);
            System.out.println("report written to " + report);
        }
        return 0;
    }
}
