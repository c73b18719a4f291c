package io.intakeedge.workbench.calibration;

import io.intakeedge.agent.calibration.ToolFixtures;

import io.intakeedge.agent.calibration.CalibrationImage;
import io.intakeedge.agent.calibration.CalibrationManifest;

import io.intakeedge.capture.Box;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationSetTest {
    private static final PreprocessSpec SPEC = new PreprocessSpec("tiny_rgb_32_v1", 32, 32,
            PreprocessSpec.ResizeMode.STRETCH, 0f, PreprocessSpec.ColorOrder.RGB, List.of(0f), List.of(255f));

    @Test
    void listsImagesSortedAndSkipsUnreadableOnesByName(@TempDir Path dir) throws Exception {
        ToolFixtures.writeImages(dir.resolve("b"), "camB__", 3, true, 1.0, 1);
        ToolFixtures.writeImages(dir.resolve("a"), "img", 2, false, 1.0, 2);
        byte[] good = Files.readAllBytes(dir.resolve("a/img000.jpg"));
        Files.write(dir.resolve("a/truncated.jpg"), Arrays.copyOf(good, good.length / 2));
        Files.writeString(dir.resolve("a/notes.jpg"), "not an image");
        Files.writeString(dir.resolve("readme.txt"), "ignored: not an image name");

        CalibrationSet set = CalibrationSet.scan(dir);
        assertThat(set.images()).extracting(CalibrationImage::relative).containsExactly("a/img000.jpg",
                "a/img001.jpg", "a/notes.jpg", "a/truncated.jpg", "b/camB__000.jpg", "b/camB__001.jpg",
                "b/camB__002.jpg");
        assertThat(set.images().get(4).camera()).contains("camB");
        assertThat(set.images().get(0).camera()).isEmpty();
        assertThat(set.spread(3)).extracting(CalibrationImage::relative)
                .containsExactly("a/img000.jpg", "a/notes.jpg", "b/camB__000.jpg");

        List<Integer> progress = new ArrayList<>();
        CalibrationInputs inputs = new CalibrationInputs(set.images(), SPEC, progress::add);
        int n = 0;
        for (float[] sample : inputs) {
            assertThat(sample).hasSize(32 * 32 * 3);
            n++;
        }
        assertThat(n).isEqualTo(5).isEqualTo(inputs.used());
        assertThat(inputs.skipped()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("a/truncated.jpg: truncated"))
                .anySatisfy(s -> assertThat(s).startsWith("a/notes.jpg: not a decodable"));
        assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void manifestGivesRegionCameraAndRoute(@TempDir Path dir) throws Exception {
        ToolFixtures.writeImages(dir.resolve("normal_review"), "x", 1, false, 1.0, 3);
        Box box = new Box(4, 3, 20, 18);
        new CalibrationManifest(CalibrationManifest.SCHEMA, Instant.parse("2026-11-23T10:00:00Z"), "/data", 7,
                List.of(new CalibrationManifest.Frame("normal_review/x000.jpg", UUID.randomUUID(), "dock3", null, 0.5,
                        0.1, 0.2, "normal_review", box))).writeTo(dir);

        CalibrationImage image = CalibrationSet.scan(dir).images().get(0);
        assertThat(image.box()).contains(box);
        assertThat(image.camera()).contains("dock3");
        assertThat(image.route()).contains("normal_review");
    }

    @Test
    void missingDirectoryAndForeignManifestAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CalibrationSet.scan(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("manifest.json"), "{\"schema\": \"intake.bundle/1\", \"frames\": []}");
        assertThatThrownBy(() -> CalibrationSet.scan(dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intake.calibration/1");
    }
}
