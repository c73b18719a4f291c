package io.intakeedge.workbench.bench;

import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.quantization.builder.MobileNetV2Shaped;
import io.intakeedge.quantization.ptq.CalibrationListener;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A MobileNet-size serving bundle for benchmarks: the MobileNetV2-shaped float model (224×224, seeded weights) made
 * INT8 by the same post-training quantizer that makes the demo model, packed with the same manifest schema. Its
 * scores mean nothing; its cost is that of a real MobileNet-class classifier.
 */
public final class BenchmarkBundles {
    private BenchmarkBundles() {
    }

    public static Path mobileNet(Path dir, long seed, int calibrationSamples) throws Exception {
        byte[] floatModel = new MobileNetV2Shaped(224, 1.0f, 2, seed).toFloatTflite();
        Random random = new Random(seed);
        int size = 224 * 224 * 3;
        byte[] int8 = new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(floatModel, () -> {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = random.nextFloat() * 2 - 1; // MobileNet normalisation: [-1, 1]
            }
            return x;
        }, calibrationSamples, CalibrationListener.NONE).tflite();
        return write(dir, int8);
    }

    private static Path write(Path dir, byte[] model) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.write(dir.resolve("model.tflite"), model);
        Files.writeString(dir.resolve("labels.txt"), "intact\ndamaged\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("manifest.yaml"), """
                schema: intake.bundle/1
                bundle:
                  id: bench-mobilenet-v2-shaped
                  version: "0.0.0-bench"
                  created_at: "2026-11-23T00:00:00Z"
                model:
                  file: model.tflite
                  sha256: %s
                labels:
                  file: labels.txt
                  version: bench-labels
                  positive: damaged
                preprocess:
                  id: bench_rgb_224_v1
                  width: 224
                  height: 224
                  resize: STRETCH
                  roi_margin: 0.10
                  color_order: RGB
                  mean: [127.5, 127.5, 127.5]
                  std: [127.5, 127.5, 127.5]
                thresholds:
                  damage_threshold: 0.70
                  max_blur: 0.45
                  min_brightness: 0.20
                  max_over_exposed: 0.25
                fallback_route: manual_intake
                """.formatted(BundleLoader.sha256Hex(file)), StandardCharsets.UTF_8);
        return dir;
    }
}
