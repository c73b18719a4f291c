package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.builder.MobileNetV2Shaped;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;
import io.intakeedge.quantization.runtime.PreprocessSpec.ColorOrder;
import io.intakeedge.quantization.runtime.PreprocessSpec.ResizeMode;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Preprocess (crop + resize + convert into the tensor) vs invoke on a 640×480 frame, per model and resolver.
 * Run: {@code mvn -B -o -pl quantization -am test -Dtest=TfliteBackendBenchmark -Dgroups=benchmark
 * -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class TfliteBackendBenchmark {
    private static final int WARMUP = 20;
    private static final int RUNS = Integer.getInteger("bench.runs", 200);

    @Test
    void preprocessVersusInvoke() throws Exception {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
        Mat frame = frame();
        Rect roi = new Rect(170, 90, 300, 300);
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-34s %-15s %9s %9s %9s %9s %7s", "model", "backend", "pre p50", "pre p95",
                "inv p50", "inv p95", "pre/inv"));

        TinyNet tiny = new TinyNet(64, 64, 8, 2, true, 0f, 1f, 3);
        LoadedModel tinyInt8 = ModelLoader.defaults().load(TinyNetWriter.int8(tiny, ElementType.INT8), "tiny int8");
        PreprocessSpec tinySpec = new PreprocessSpec("parcel_rgb_64_v1", 64, 64, ResizeMode.STRETCH, 0.05f,
                ColorOrder.RGB, List.of(0f), List.of(255f));
        measure(rows, "tiny 64x64 int8 (convertTo)", tinyInt8, tinySpec, List.of("intact", "damaged"), frame, roi);

        byte[] mobileFloat = new MobileNetV2Shaped(224, 1.0f, 2, 5).toFloatTflite();
        Random rnd = new Random(1);
        byte[] mobileInt8 = new PostTrainingQuantizer(QuantizationOptions.defaults())
                .quantize(mobileFloat, () -> randomImage(rnd), 8, (done, total) -> { }).tflite();
        PreprocessSpec mobileSpec = new PreprocessSpec("parcel_rgb_224_v1", 224, 224, ResizeMode.CENTER_CROP, 0.05f,
                ColorOrder.RGB, List.of(127.5f), List.of(127.5f));
        List<String> labels = List.of("intact", "damaged");
        measure(rows, "MobileNetV2-shaped 224 int8 (LUT)",
                ModelLoader.defaults().load(mobileInt8, "mnv2 int8"), mobileSpec, labels, frame, roi);
        measure(rows, "MobileNetV2-shaped 224 float32",
                ModelLoader.defaults().load(mobileFloat, "mnv2 float"), mobileSpec, labels, frame, roi);
        System.out.println("\nTfliteBackend on a 640x480 frame, 300x300 ROI, 1 thread, " + RUNS
                + " runs, microseconds\n" + String.join("\n", rows));
    }

    private static void measure(List<String> rows, String title, LoadedModel model, PreprocessSpec spec,
                                List<String> labels, Mat frame, Rect roi) throws Exception {
        for (boolean xnnpack : new boolean[] {false, true}) {
            try (TfliteBackend backend = new TfliteBackend(model, spec, new RuntimeOptions(1, xnnpack), labels)) {
                long[] pre = new long[RUNS];
                long[] inv = new long[RUNS];
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    Inference r = backend.classify(frame, roi);
                    if (i >= WARMUP) {
                        pre[i - WARMUP] = r.preprocessNanos();
                        inv[i - WARMUP] = r.invokeNanos();
                    }
                }
                Arrays.sort(pre);
                Arrays.sort(inv);
                rows.add(String.format("%-34s %-15s %9.1f %9.1f %9.1f %9.1f %7.3f", title, backend.name(),
                        pct(pre, 50), pct(pre, 95), pct(inv, 50), pct(inv, 95), pct(pre, 50) / pct(inv, 50)));
            }
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e3;
    }

    private static float[] randomImage(Random rnd) {
        float[] x = new float[224 * 224 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    private static Mat frame() {
        byte[] noise = new byte[480 * 640 * 3];
        new Random(2).nextBytes(noise);
        Mat m = new Mat(480, 640, CvType.CV_8UC3);
        m.put(0, 0, noise);
        Imgproc.GaussianBlur(m, m, new Size(7, 7), 0);
        return m;
    }
}
