package io.intakeedge.capture.bench;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.presentation.PresentationTrigger;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-frame cost of the capture stages at 640x480 on the synthetic scene, side by side. Not a timed test: run with
 * {@code mvn -o -pl camera-capture test -Dgroups=benchmark -DexcludedGroups=none -Dtest=CaptureBenchmark}.
 */
@Tag("benchmark")
class CaptureBenchmark {

    @Test
    void perFrameCostOfCaptureStages() {
        SceneConfig config = SceneConfig.standard(1).withMaxParcels(40);
        int frames = (int) config.totalFrames();
        long[] render = new long[frames];
        long[] analyze = new long[frames];
        long[] gate = new long[frames];
        long[] trigger = new long[frames];
        int presentations = 0;
        QualityGate qualityGate = new QualityGate(GateThresholds.SEED_DEFAULTS);
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(config);
             QualityAnalyzer analyzer = new QualityAnalyzer();
             PresentationTrigger presentationTrigger = new PresentationTrigger()) {
            warmUp(scene, analyzer);
            for (int i = 0; i < frames; i++) {
                long t0 = System.nanoTime();
                try (Frame frame = scene.frameAt(i)) {
                    long t1 = System.nanoTime();
                    QualityMetrics m = analyzer.analyze(frame);
                    long t2 = System.nanoTime();
                    qualityGate.evaluate(m);
                    long t3 = System.nanoTime();
                    var p = presentationTrigger.offer(frame, m);
                    long t4 = System.nanoTime();
                    if (p.isPresent()) {
                        presentations++;
                        p.get().close();
                    }
                    render[i] = t1 - t0;
                    analyze[i] = t2 - t1;
                    gate[i] = t3 - t2;
                    trigger[i] = t4 - t3;
                }
            }
        }
        System.out.printf("capture stages, %d frames 640x480, %d presentations, %d cores%n", frames, presentations,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-22s %9s %9s %9s%n", "stage", "p50 ms", "p95 ms", "mean ms");
        row("synthetic render", render);
        row("quality analyze", analyze);
        row("quality gate", gate);
        row("presentation trigger", trigger);
        assertThat(presentations).isEqualTo(config.maxParcels());
    }

    private static void warmUp(SyntheticConveyorSource scene, QualityAnalyzer analyzer) {
        for (int i = 0; i < 200; i++) {
            try (Frame f = scene.frameAt(i % 60)) {
                analyzer.analyze(f);
            }
        }
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        System.out.printf("%-22s %9.3f %9.3f %9.3f%n", name, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.95)] / 1e6, mean / 1e6);
    }
}
