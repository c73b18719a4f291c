package io.intakeedge.agent.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The bundle shipped at {@code bundles/demo/} (tests run in the module directory). */
class DemoBundleTest {
    private static final Path DEMO = Path.of("..", "bundles", "demo");

    @TempDir
    Path tmp;

    @Test
    void shippedManifestAndLabelsAreValid() throws Exception {
        byte[] standIn = TestBundles.model(42);
        Path copy = Files.createDirectories(tmp.resolve("demo"));
        Files.copy(DEMO.resolve("labels.txt"), copy.resolve("labels.txt"));
        Files.copy(DEMO.resolve("drift-reference.json"), copy.resolve("drift-reference.json"));
        Files.write(copy.resolve("model.tflite"), standIn);
        String manifest = Files.readString(DEMO.resolve("manifest.yaml"))
                .replaceAll("(?m)^(  sha256: ).*$", "$1" + TestBundles.sha256(standIn));
        Files.writeString(copy.resolve("manifest.yaml"), manifest);

        Bundle bundle = BundleLoader.load(copy);

        assertThat(bundle.labels()).contains(bundle.positiveLabel());
        assertThat(bundle.thresholds()).isEqualTo(new BundleThresholds(0.70, 0.45, 0.20, 0.25));
        assertThat(bundle.fallbackRoute().code()).isEqualTo("manual_intake");
    }

    @Test
    void shippedBundleLoadsWithItsPinnedModel() throws Exception {
        assumeTrue(Files.exists(DEMO.resolve("model.tflite")), "bundles/demo/model.tflite not built yet");

        Bundle bundle = BundleLoader.load(DEMO);

        assertThat(bundle.model().sha256()).isEqualTo(TestBundles.sha256(Files.readAllBytes(
                DEMO.resolve("model.tflite"))));
    }
}
