package io.intakeedge.agent.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes bundle directories for tests; the sha256 is computed here, independently of the loader. */
final class TestBundles {
    static final String MANIFEST = """
            schema: intake.bundle/1
            bundle:
              id: parcel-damage
              version: "%VERSION%"
              created_at: "2026-11-23T09:00:00Z"
            model:
              file: model.tflite
              sha256: %SHA%
            labels:
              file: labels.txt
              version: parcel-labels-v1
              positive: damaged
            preprocess:
              id: parcel_rgb_64_v1
              width: 64
              height: 64
              resize: STRETCH
              roi_margin: 0.10
              color_order: RGB
              mean: 0
              std: [255, 255, 255]
            thresholds:
              damage_threshold: %THRESHOLD%
              max_blur: 0.45
              min_brightness: 0.20
              max_over_exposed: 0.25
            fallback_route: manual_intake
            drift_reference: drift-reference.json
            provenance:
              trainer: tools/train-demo
              seed: 7
            """;

    private TestBundles() {
    }

    /** A complete, valid bundle whose model is {@code modelBytes}. */
    static Path write(Path dir, String version, double threshold, byte[] modelBytes) throws IOException {
        return write(dir, MANIFEST.replace("%VERSION%", version).replace("%THRESHOLD%", Double.toString(threshold))
                .replace("%SHA%", sha256(modelBytes)), modelBytes);
    }

    /** A bundle with the given manifest text ({@code %SHA%} is replaced by the model's real sha256). */
    static Path write(Path dir, String manifest, byte[] modelBytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.tflite"), modelBytes);
        Files.writeString(dir.resolve("labels.txt"), "# parcel-labels-v1\nintact\ndamaged\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("drift-reference.json"), "{}");
        Files.writeString(dir.resolve("manifest.yaml"), manifest.replace("%SHA%", sha256(modelBytes)));
        return dir;
    }

    static String validManifest() {
        return MANIFEST.replace("%VERSION%", "1.0.0").replace("%THRESHOLD%", "0.70");
    }

    static byte[] model(int seed) {
        byte[] bytes = new byte[4096];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
