package io.intakeedge.agent.calibration;

import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.builder.ConvPadding;
import io.intakeedge.quantization.builder.FusedActivation;
import io.intakeedge.quantization.builder.GraphTensor;
import io.intakeedge.quantization.builder.TfliteGraphBuilder;
import io.intakeedge.quantization.runtime.Inference;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Real inputs for the tool tests: a small float classifier built with the quantization builder whose "damaged" score
 * follows how much redder than blue an image is, JPEGs of red (damaged) and blue (intact) parcels, bundles, traces.
 */
public final class ToolFixtures {
    public static final int SIZE = 32;
    public static final List<String> LABELS = List.of("intact", "damaged");
    public static final String PREPROCESS_YAML = """
            id: tiny_rgb_32_v1
            width: 32
            height: 32
            resize: STRETCH
            roi_margin: 0.0
            color_order: RGB
            mean: 0
            std: 255
            """;

    private ToolFixtures() {
    }

    /**
     * Float model: 1x1 conv (red−blue, blue−red, green, grey; RELU) → 3x3 depthwise (RELU6) → 3x3 conv stride 2 →
     * mean → dense → softmax over [intact, damaged]. {@code flipped} swaps the classes, for a model that disagrees.
     */
    public static byte[] floatModel(boolean flipped) {
        TfliteGraphBuilder b = new TfliteGraphBuilder("tiny red/blue classifier" + (flipped ? " (flipped)" : ""));
        GraphTensor x = b.input("input", 1, SIZE, SIZE, 3);
        // RGB input: channel 0 red, 2 blue
        float third = 1f / 3;
        x = b.conv2d("colour", x, 4, 1, 1, ConvPadding.SAME, FusedActivation.RELU,
                new float[] {1, 0, -1, -1, 0, 1, 0, 1, 0, third, third, third}, new float[4]);
        float[] box = new float[9 * 4];
        java.util.Arrays.fill(box, 1f / 9);
        x = b.depthwiseConv2d("smooth", x, 3, 1, ConvPadding.SAME, FusedActivation.RELU6, box, new float[4]);
        Random r = new Random(5);
        float[] mix = new float[8 * 9 * 4];
        for (int o = 0; o < 8; o++) {
            for (int k = 0; k < 9 * 4; k++) {
                // filters 0..3 pass their channel on (centre tap), 4..7 add a little seeded texture
                mix[o * 36 + k] = o < 4 ? (k == 4 * 4 + o ? 1f : 0f) : (float) (r.nextGaussian() * 0.1);
            }
        }
        x = b.conv2d("mix", x, 8, 3, 2, ConvPadding.SAME, FusedActivation.RELU, mix, new float[8]);
        x = b.mean("gap", x, false, 1, 2);
        float[] dense = new float[2 * 8];
        float sign = flipped ? -1 : 1;
        dense[0] = -6 * sign; // intact: blue minus red
        dense[1] = 6 * sign;
        dense[8] = 6 * sign;  // damaged: red minus blue
        dense[9] = -6 * sign;
        x = b.fullyConnected("logits", x, 2, FusedActivation.NONE, dense, new float[2]);
        return b.toFloatTflite(b.softmax("scores", x));
    }

    /** A float model with an operator the quantizer has no INT8 rule for (TANH). */
    public static byte[] modelWithTanh() {
        TfliteGraphBuilder b = new TfliteGraphBuilder("has tanh");
        GraphTensor x = b.input("input", 1, SIZE, SIZE, 3);
        x = b.mean("gap", x, false, 1, 2);
        x = b.fullyConnected("fc", x, 1, FusedActivation.NONE, new float[] {1, 0, -1}, new float[1]);
        GraphTensor out = b.logistic("squash", x);
        ModelT model = b.toModel(out);
        for (OperatorCodeT code : model.getOperatorCodes()) {
            if (code.getBuiltinCode() == BuiltinOperator.LOGISTIC) {
                code.setBuiltinCode(BuiltinOperator.TANH);
                code.setDeprecatedBuiltinCode((byte) BuiltinOperator.TANH);
            }
        }
        return model.serializeToBinary();
    }

    /**
     * Writes {@code count} JPEGs of a parcel-coloured image (48x40) with noise; {@code red} for damaged ones,
     * {@code gain} below 1 for dark ones.
     */
    public static void writeImages(Path dir, String prefix, int count, boolean red, double gain, long seed)
            throws IOException {
        OpenCv.load();
        Files.createDirectories(dir);
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            Mat image = parcelImage(r, red, gain);
            Imgcodecs.imwrite(dir.resolve(String.format("%s%03d.jpg", prefix, i)).toString(), image);
            image.release();
        }
    }

    /** One 48x40 BGR image: a coloured parcel on a grey belt, with noise. */
    public static Mat parcelImage(Random r, boolean red, double gain) {
        OpenCv.load();
        Mat image = new Mat(40, 48, CvType.CV_8UC3, new Scalar(90 * gain, 90 * gain, 90 * gain));
        double strong = (170 + r.nextInt(60)) * gain;
        double weak = (30 + r.nextInt(40)) * gain;
        Scalar colour = red ? new Scalar(weak, weak + 20 * gain, strong) : new Scalar(strong, weak + 20 * gain, weak);
        Mat parcel = image.submat(4 + r.nextInt(6), 34 + r.nextInt(6), 4 + r.nextInt(8), 38 + r.nextInt(8));
        parcel.setTo(colour);
        parcel.release();
        Mat noise = new Mat(image.size(), image.type());
        org.opencv.core.Core.randn(noise, 0, 6 * gain + 1);
        org.opencv.core.Core.add(image, noise, image);
        noise.release();
        return image;
    }

    /** A bundle (same layout as bundles/demo) serving {@code model} with the fixture's preprocessing. */
    public static Path writeBundle(Path dir, byte[] model) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.tflite"), model);
        Files.writeString(dir.resolve("labels.txt"), "intact\ndamaged\n");
        Files.writeString(dir.resolve("manifest.yaml"), """
                schema: intake.bundle/1
                bundle:
                  id: tiny-parcel
                  version: "1.0.0"
                  created_at: "2026-11-23T09:00:00Z"
                model:
                  file: model.tflite
                  sha256: %s
                labels:
                  file: labels.txt
                  version: tiny-labels-v1
                  positive: damaged
                preprocess:
                  id: tiny_rgb_32_v1
                  width: 32
                  height: 32
                  resize: STRETCH
                  roi_margin: 0.05
                  color_order: RGB
                  mean: 0
                  std: 255
                thresholds:
                  damage_threshold: 0.70
                  max_blur: 0.45
                  min_brightness: 0.20
                  max_over_exposed: 0.25
                fallback_route: manual_intake
                """.formatted(sha256(model)));
        return dir;
    }

    /** A trace as the pipeline records it: gate passed (or not), scored, routed by the real policy. */
    public static Trace trace(Instant decidedAt, String camera, boolean gatePassed, float damageScore, Box box) {
        RoutingPolicy policy = new RoutingPolicy(0.70, new GateThresholds(0.45, 0.20, 0.25), "damaged",
                Route.MANUAL_INTAKE);
        QualityMetrics quality = new QualityMetrics(gatePassed ? 0.12 : 0.80, 700, 0.55, 0.01, 0.0, true, true,
                Optional.of(box));
        Inference inference = new Inference(LABELS, new float[] {1 - damageScore, damageScore}, 1000, 2000,
                "tflite-xnnpack");
        ModelOutcome outcome = gatePassed ? ModelOutcome.scored(inference) : ModelOutcome.notRun();
        var builder = Trace.builder().station("dev-1", "dock-a-07")
                .frame(camera, 1, "test", decidedAt.minusMillis(20)).quality(quality)
                .decision(policy.decide(quality, outcome)).decidedAt(decidedAt);
        if (gatePassed) {
            builder.inference(inference);
        }
        return builder.build();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
