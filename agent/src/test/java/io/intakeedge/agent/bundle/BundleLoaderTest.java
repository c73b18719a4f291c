package io.intakeedge.agent.bundle;

import io.intakeedge.agent.routing.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void loadsEveryPartOfTheBundle() throws Exception {
        byte[] model = TestBundles.model(1);
        Path dir = TestBundles.write(tmp.resolve("b"), "2026.11.23-1", 0.7, model);

        Bundle bundle = BundleLoader.load(dir);

        assertThat(bundle.id()).isEqualTo("parcel-damage");
        assertThat(bundle.version()).isEqualTo("2026.11.23-1");
        assertThat(bundle.model().sha256()).isEqualTo(TestBundles.sha256(model));
        assertThat(bundle.model().toByteArray()).isEqualTo(model);
        assertThat(bundle.labels()).containsExactly("intact", "damaged");
        assertThat(bundle.labelVersion()).isEqualTo("parcel-labels-v1");
        assertThat(bundle.positiveLabel()).isEqualTo("damaged");
        assertThat(bundle.preprocess()).isEqualTo(new BundlePreprocess("parcel_rgb_64_v1", 64, 64,
                BundlePreprocess.ResizeMode.STRETCH, 0.10, BundlePreprocess.ColorOrder.RGB, List.of(0.0, 0.0, 0.0),
                List.of(255.0, 255.0, 255.0)));
        assertThat(bundle.thresholds()).isEqualTo(new BundleThresholds(0.70, 0.45, 0.20, 0.25));
        assertThat(bundle.fallbackRoute()).isEqualTo(Route.MANUAL_INTAKE);
        assertThat(bundle.driftReference()).contains(dir.toAbsolutePath().resolve("drift-reference.json"));
        assertThat(bundle.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(bundle.provenance()).containsEntry("trainer", "tools/train-demo").containsEntry("seed", "7");
        assertThat(bundle.routingPolicy().damageThreshold()).isEqualTo(0.70);
        assertThat(bundle.routingPolicy().gateThresholds().maxBlur()).isEqualTo(0.45);
        assertThat(bundle.ref().preprocessId()).isEqualTo("parcel_rgb_64_v1");
    }

    @Test
    void readsAJsonManifestToo() throws Exception {
        byte[] model = TestBundles.model(2);
        Path dir = TestBundles.write(tmp.resolve("j"), "1.0.0", 0.7, model);
        Files.delete(dir.resolve("manifest.yaml"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"schema": "intake.bundle/1",
                 "bundle": {"id": "parcel-damage", "version": "1.0.1", "created_at": "2026-11-23T10:00:00+01:00"},
                 "model": {"file": "model.tflite", "sha256": "%s"},
                 "labels": {"file": "labels.txt", "version": "v1", "positive": "damaged"},
                 "preprocess": {"id": "parcel_bgr_96_v2", "width": 96, "height": 80, "resize": "center_crop",
                                "roi_margin": 0, "color_order": "BGR", "mean": [1, 2, 3], "std": 2},
                 "thresholds": {"damage_threshold": 0.5, "max_blur": 0.4, "min_brightness": 0.1,
                                "max_over_exposed": 0.3},
                 "fallback_route": "manual_intake"}
                """.formatted(TestBundles.sha256(model)));

        Bundle bundle = BundleLoader.load(dir);

        assertThat(bundle.version()).isEqualTo("1.0.1");
        assertThat(bundle.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(bundle.preprocess().resizeMode()).isEqualTo(BundlePreprocess.ResizeMode.CENTER_CROP);
        assertThat(bundle.preprocess().colorOrder()).isEqualTo(BundlePreprocess.ColorOrder.BGR);
        assertThat(bundle.preprocess().mean()).containsExactly(1.0, 2.0, 3.0);
        assertThat(bundle.preprocess().std()).containsExactly(2.0, 2.0, 2.0);
        assertThat(bundle.driftReference()).isEmpty();
    }

    @Test
    void refusesAModelWhoseSha256DiffersFromTheManifest() throws Exception {
        byte[] model = TestBundles.model(3);
        Path dir = TestBundles.write(tmp.resolve("m"), "1.0.0", 0.7, model);
        model[100] ^= 1;
        Files.write(dir.resolve("model.tflite"), model);

        assertThatThrownBy(() -> BundleLoader.load(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("sha256 " + TestBundles.sha256(model))
                .hasMessageContaining("pins " + TestBundles.sha256(TestBundles.model(3)));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "model:\\n  file: model.tflite|model: [unclosed|not valid YAML",
        "  sha256: %SHA%\\n|  sha256_typo: x\\n|model.sha256_typo: unknown key",
        "  sha256: %SHA%|  sha256: 1234|model.sha256: must be 64 hex digits",
        "  file: model.tflite|  file: missing.tflite|does not exist",
        "  file: model.tflite|  file: ../model.tflite|inside the bundle directory",
        "resize: STRETCH|resize: ZOOM|preprocess.resize: unknown value 'ZOOM'",
        "color_order: RGB|color_order: RGBA|preprocess.color_order: unknown value",
        "width: 64|width: 0|must be in 1..4096",
        "width: 64|width: wide|preprocess.width: must be an integer",
        "std: [255, 255, 255]|std: [255, 0, 255]|preprocess.std: every value must be > 0",
        "mean: 0|mean: [1, 2]|preprocess.mean: needs 1 or 3 values",
        "roi_margin: 0.10|roi_margin: 1.5|preprocess.roi_margin: must be in [0, 1]",
        "damage_threshold: 0.70|damage_threshold: 1.5|thresholds.damage_threshold: must be in [0, 1]",
        "max_blur: 0.45|max_blur: -0.1|thresholds.max_blur: must be in [0, 1]",
        "min_brightness: 0.20|min_brightness: .nan|Malformed numeric value '.nan' (line 25",
        "max_over_exposed: 0.25|max_over_exposed: \"0.25\"|thresholds.max_over_exposed: must be a number",
        "damage_threshold: 0.70|damage_treshold: 0.70|thresholds.damage_treshold: unknown key",
        "positive: damaged|positive: torn|labels.positive: 'torn' is not one of the 2 labels",
        "fallback_route: manual_intake|fallback_route: normal_review|'normal_review' is not allowed",
        "fallback_route: manual_intake|fallback_route: priority_damage_review|must fail closed to manual_intake",
        "fallback_route: manual_intake|fallback_route: guarded_agent|unknown route 'guarded_agent'",
        "schema: intake.bundle/1|schema: intake.bundle/9|unsupported schema",
        "created_at: \"2026-11-23T09:00:00Z\"|created_at: yesterday|bundle.created_at: must be an ISO-8601 time",
        "id: parcel-damage|id: parcel damage!|bundle.id: 'parcel damage!' must be",
        "drift_reference: drift-reference.json|drift_reference: nope.json|drift_reference: file",
        "  version: parcel-labels-v1\\n|\\n|labels.version: missing",
    })
    void refusesABadManifestWithAClearMessage(String find, String replace, String message) throws IOException {
        String manifest = TestBundles.validManifest();
        String from = find.replace("\\n", "\n");
        assertThat(manifest).as("test setup: manifest contains %s", from).contains(from);
        Path dir = TestBundles.write(tmp.resolve("bad"), manifest.replace(from, replace.replace("\\n", "\n")),
                TestBundles.model(4));

        assertThatThrownBy(() -> BundleLoader.load(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesAMissingManifestOrTwoOfThem() throws Exception {
        Path dir = TestBundles.write(tmp.resolve("two"), "1.0.0", 0.7, TestBundles.model(5));
        Files.copy(dir.resolve("manifest.yaml"), dir.resolve("manifest.json"));
        assertThatThrownBy(() -> BundleLoader.load(dir)).hasMessageContaining("more than one manifest");

        Files.delete(dir.resolve("manifest.yaml"));
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> BundleLoader.load(dir)).hasMessageContaining("has no manifest");
        assertThatThrownBy(() -> BundleLoader.load(tmp.resolve("absent"))).hasMessageContaining("does not exist");
    }

    @Test
    void refusesBadLabelFiles() throws Exception {
        Path dir = TestBundles.write(tmp.resolve("l"), "1.0.0", 0.7, TestBundles.model(6));
        Files.writeString(dir.resolve("labels.txt"), "intact\ndamaged\nintact\n");
        assertThatThrownBy(() -> BundleLoader.load(dir)).hasMessageContaining("'intact' appears twice");

        Files.writeString(dir.resolve("labels.txt"), "# nothing here\n\n");
        assertThatThrownBy(() -> BundleLoader.load(dir)).hasMessageContaining("no labels");
    }

    @Test
    void aSingleSigmoidLabelMustBeThePositiveOne() throws Exception {
        Path dir = TestBundles.write(tmp.resolve("s"), "1.0.0", 0.7, TestBundles.model(7));
        Files.writeString(dir.resolve("labels.txt"), "damaged\n");
        assertThat(BundleLoader.load(dir).labels()).containsExactly("damaged");

        Files.writeString(dir.resolve("labels.txt"), "intact\n");
        assertThatThrownBy(() -> BundleLoader.load(dir)).hasMessageContaining("is not one of the 1 labels");
    }
}
