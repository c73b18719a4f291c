package io.intakeedge.workbench.cli;

import io.intakeedge.workbench.bench.BenchmarkBundles;
import io.intakeedge.workbench.bench.PipelineBenchmark;
import io.intakeedge.agent.pipeline.LatencyStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code intake-edge benchmark}: the pipeline overhead ratio of the demo model and of a MobileNet-size INT8 model,
 * side by side in one run, on synthetic 640×480 frames. Figures go into BENCHMARKS.md with this command line.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure per-stage latency and the pipeline overhead ratio (frame total - invoke) / invoke.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "600", description = "synthetic 640x480 frames per model (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--threads", defaultValue = "2", description = "TFLite threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "99", description = "scene seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--bundle", defaultValue = "bundles/demo", description = "demo bundle (default ${DEFAULT-VALUE})")
    Path bundle;

    @Option(names = "--models", split = ",", defaultValue = "demo,mobilenet",
            description = "which models, side by side: demo, mobilenet (default ${DEFAULT-VALUE})")
    List<String> models;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("intake-bench-");
        List<PipelineBenchmark.Result> results = new ArrayList<>();
        if (models.contains("demo")) {
            results.add(PipelineBenchmark.run("demo", bundle, work.resolve("demo"), frames, seed, threads));
        }
        if (models.contains("mobilenet")) {
            Path mobileNet = BenchmarkBundles.mobileNet(work.resolve("mobilenet-bundle"), seed, 16);
            results.add(PipelineBenchmark.run("mobilenet-224", mobileNet, work.resolve("mobilenet"), frames, seed,
                    threads));
        }
        System.out.printf("%-14s %9s %8s %10s %10s %10s %10s %10s %8s%n", "model", "input", "decided",
                "invoke p50", "invoke p95", "frame p50", "frame p95", "ovh p50", "ratio");
        for (PipelineBenchmark.Result r : results) {
            System.out.printf("%-14s %9s %8d %10.3f %10.3f %10.3f %10.3f %10.3f %8.3f%n", r.label(),
                    r.inputWidth() + "x" + r.inputHeight(), r.invoked(), r.invokeP50(), r.invokeP95(), r.frameP50(),
                    r.frameP95(), r.overheadP50(), r.overheadRatio());
        }
        for (PipelineBenchmark.Result r : results) {
            System.out.println();
            System.out.println(r.label() + " per stage (ms):");
            for (var e : r.stages().entrySet()) {
                LatencyStats.Summary s = e.getValue();
                System.out.printf("  %-15s n=%-6d p50 %8.3f  p95 %8.3f  p99 %8.3f%n", e.getKey(), s.count(), s.p50(),
                        s.p95(), s.p99());
            }
        }
        return 0;
    }
}
