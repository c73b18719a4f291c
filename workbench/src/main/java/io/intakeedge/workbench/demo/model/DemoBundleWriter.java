package io.intakeedge.workbench.demo.model;

import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.quantization.runtime.PreprocessSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the files of the demo bundle in the layout {@link BundleLoader} reads ({@code intake.bundle/1}): the INT8
 * model, its labels, the manifest pinning model sha256, preprocessing, thresholds and fallback, plus the agreement
 * report, the float reference model and the drift reference that travel with it.
 */
final class DemoBundleWriter {
    static final String MODEL = "model.tflite";
    static final String FLOAT_MODEL = "model-float.tflite";
    static final String LABELS = "labels.txt";
    static final String MANIFEST = "manifest.yaml";
    static final String AGREEMENT = "agreement.json";
    static final String DRIFT_REFERENCE = "drift-reference.json";
    /** The float reference ships only while it stays small enough for the repository. */
    static final int MAX_FLOAT_MODEL_BYTES = 300 * 1024;

    private final Path dir;

    DemoBundleWriter(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    void model(byte[] int8) throws IOException {
        Files.write(dir.resolve(MODEL), int8);
    }

    /** Writes the float reference when it is small enough; returns whether it did. */
    boolean floatModel(byte[] float32) throws IOException {
        Path file = dir.resolve(FLOAT_MODEL);
        if (float32.length > MAX_FLOAT_MODEL_BYTES) {
            Files.deleteIfExists(file);
            return false;
        }
        Files.write(file, float32);
        return true;
    }

    void labels() throws IOException {
        String text = "# " + DemoModelSpec.LABEL_VERSION + ": model output order\n"
                + String.join("\n", DemoModelSpec.LABELS) + "\n";
        Files.writeString(dir.resolve(LABELS), text, StandardCharsets.UTF_8);
    }

    void agreement(String json) throws IOException {
        Files.writeString(dir.resolve(AGREEMENT), json + "\n", StandardCharsets.UTF_8);
    }

    void driftReference(String json) throws IOException {
        Files.writeString(dir.resolve(DRIFT_REFERENCE), json + "\n", StandardCharsets.UTF_8);
    }

    /** The manifest; {@code provenance} values are single scalars, written as quoted strings. */
    void manifest(DemoModelSettings settings, byte[] int8, Map<String, String> provenance) throws IOException {
        PreprocessSpec p = DemoModelSpec.PREPROCESS;
        String text = String.format(Locale.ROOT, """
                schema: %s
                bundle:
                  id: %s
                  version: "%s"
                  created_at: "%s"
                model:
                  file: %s
                  sha256: %s
                labels:
                  file: %s
                  version: %s
                  positive: %s
                preprocess:
                  id: %s
                  width: %d
                  height: %d
                  resize: %s
                  roi_margin: %s
                  color_order: %s
                  mean: %s
                  std: %s
                thresholds:
                  damage_threshold: %.2f
                  max_blur: %.2f
                  min_brightness: %.2f
                  max_over_exposed: %.2f
                fallback_route: manual_intake
                drift_reference: %s
                provenance:
                %s""", BundleLoader.SCHEMA, DemoModelSpec.BUNDLE_ID, settings.version(), settings.createdAt(), MODEL,
                sha256(int8), LABELS, DemoModelSpec.LABEL_VERSION, DemoModelSpec.POSITIVE_LABEL, p.id(), p.width(),
                p.height(), p.resizeMode(), number(p.roiMargin()), p.colorOrder(), perChannel(p.mean(0), p.mean(1), p.mean(2)),
                perChannel(p.std(0), p.std(1), p.std(2)),
                DemoModelSpec.DAMAGE_THRESHOLD, DemoModelSpec.MAX_BLUR, DemoModelSpec.MIN_BRIGHTNESS,
                DemoModelSpec.MAX_OVER_EXPOSED, DRIFT_REFERENCE, provenance.entrySet().stream()
                        .map(e -> "  " + e.getKey() + ": \"" + e.getValue().replace("\"", "'") + "\"")
                        .collect(Collectors.joining("\n")) + "\n");
        Files.writeString(dir.resolve(MANIFEST), text, StandardCharsets.UTF_8);
    }

    private static String number(float value) {
        return Float.toString(value);
    }

    private static String perChannel(float r, float g, float b) {
        return "[" + number(r) + ", " + number(g) + ", " + number(b) + "]";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
