package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.MobileNetV2Shaped;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/**
 * INT8 vs float32 on the MobileNetV2-shaped model (224×224, width 1.0, 10 classes): invoke latency on the same
 * TFLite runtime (XNNPACK) and thread count, model size, and the time to quantize with 100 calibration images.
 * Run: {@code mvn -B -o -pl quantization -am test -Dtest=PostTrainingQuantizerBenchmark -Dgroups=benchmark
 * -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PostTrainingQuantizerBenchmark {

    private static final int WARMUP = 10;
    private static final int RUNS = Integer.getInteger("bench.runs", 60);

    @Test
    void int8VersusFloat() throws Exception {
        byte[] floatModel = MobileNetV2Shaped.standard(7).toFloatTflite();
        List<float[]> calibration = SyntheticImages.images(1_000, 100, 224, 3);
        QuantizedModel q = new PostTrainingQuantizer(QuantizationOptions.defaults().withThreads(2))
                .quantize(floatModel, calibration);
        QuantizedModel percentile = new PostTrainingQuantizer(QuantizationOptions.defaults().withThreads(2)
                .withCalibration(CalibrationMethod.percentile(99.99))).quantize(floatModel, calibration);

        System.out.printf("%nMobileNetV2-shaped 224x224x3, width 1.0, 10 classes; %d CPUs visible%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("model size      float32 %,d B   int8 %,d B   ratio %.2fx smaller%n", floatModel.length,
                q.sizeBytes(), (double) floatModel.length / q.sizeBytes());
        System.out.printf("quantization    100 images, 2 threads: min-max %d ms (calibration %d ms), "
                + "percentile(99.99) %d ms (calibration %d ms)%n", q.totalTime().toMillis(),
                q.calibrationTime().toMillis(), percentile.totalTime().toMillis(),
                percentile.calibrationTime().toMillis());
        float[] image = calibration.get(0);
        for (int threads : new int[] {1, 2, 4}) {
            if (threads > Runtime.getRuntime().availableProcessors()) {
                continue;
            }
            double[] f = time(floatModel, image, threads);
            double[] i = time(q.tflite(), image, threads);
            System.out.printf("invoke %d thr   float p50 %7.2f ms p95 %7.2f | int8 p50 %7.2f ms p95 %7.2f | "
                    + "int8 speed-up p50 %.2fx p95 %.2fx%n", threads, f[0], f[1], i[0], i[1], f[0] / i[0],
                    f[1] / i[1]);
        }
    }

    /** p50 and p95 of Invoke() in milliseconds; the input is written before each run and not timed. */
    private static double[] time(byte[] model, float[] image, int threads) {
        try (ModelRunner runner = new ModelRunner(model, threads)) {
            for (int k = 0; k < WARMUP; k++) {
                runner.run(image);
            }
            long[] nanos = new long[RUNS];
            for (int k = 0; k < RUNS; k++) {
                runner.setInput(image);
                long start = System.nanoTime();
                runner.invoke();
                nanos[k] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return new double[] {nanos[RUNS / 2] / 1e6, nanos[(int) Math.ceil(RUNS * 0.95) - 1] / 1e6};
        }
    }
}
