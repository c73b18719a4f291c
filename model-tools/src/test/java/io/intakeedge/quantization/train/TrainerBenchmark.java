package io.intakeedge.quantization.train;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

/**
 * Training time of the demo architecture on 64×64 crops (dark-blob images standing in for scene crops), one and
 * two threads side by side, with CPU time (wall time on a shared machine measures the neighbours). Run:
 * {@code mvn -B -o -pl quantization -am test -Dgroups=benchmark -DexcludedGroups=none
 * -Dtest=TrainerBenchmark -Dsurefire.failIfNoSpecifiedTests=false "-Dsurefire.argLine=-Xmx2g -Dbench.train=2000
 * -Dbench.epochs=3"}
 */
@Tag("benchmark")
class TrainerBenchmark {

    private static final int TRAIN = Integer.getInteger("bench.train", 2000);
    private static final int EPOCHS = Integer.getInteger("bench.epochs", 3);

    @Test
    void demoArchitectureTrainingTime() {
        Dataset train = BlobImages.generate(TRAIN, 64, 1);
        Dataset heldOut = BlobImages.generate(500, 64, 2);
        System.out.printf("demo architecture, %d training / %d held-out 64x64 images, %d epochs, batch 32%n",
                TRAIN, heldOut.size(), EPOCHS);
        for (int threads : new int[] {1, 2}) {
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            TrainedModel model = new CnnTrainer(TrainerConfig.defaults().withEpochs(EPOCHS).withThreads(threads))
                    .fit(Architecture.demo(), train, heldOut, s -> System.out.printf(
                            "  threads=%d epoch %d: loss %.4f train acc %.3f held-out acc %.3f (%d ms)%n",
                            threads, s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationAccuracy(),
                            s.millis()));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours
            System.out.printf("threads=%d: %.1f s wall, %.1f s CPU, %.0f samples/s wall, %.0f samples per CPU-s,"
                            + " held-out accuracy %.3f%n", threads, seconds, cpuSeconds,
                    TRAIN * (double) EPOCHS / seconds, TRAIN * (double) EPOCHS / cpuSeconds,
                    model.last().validationAccuracy());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
