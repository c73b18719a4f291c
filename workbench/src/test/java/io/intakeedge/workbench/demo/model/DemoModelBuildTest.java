package io.intakeedge.workbench.demo.model;

import io.intakeedge.workbench.cli.ModelBuildDemoCommand;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.agreement.AgreementReport;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.sync.drift.ReferenceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo model procedure runs end to end on tiny settings, reproducibly, and leaves a bundle the agent loads. */
class DemoModelBuildTest {

    private static DemoModelSettings tiny(Path out) {
        return ModelBuildDemoCommand.parse("--out", out.toString(), "--samples", "48", "--validation-samples", "24",
                "--calibration-samples", "12", "--drift-parcels", "3", "--epochs", "1", "--threads", "2",
                "--created-at", "2026-11-23T12:00:00Z");
    }

    @Test
    void tinyBuildWritesALoadableBundleAndTheSameModelTwice(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        DemoModelReport first = new DemoModelBuild(tiny(tmp.resolve("a")), 0.0, out).build();
        DemoModelReport second = new DemoModelBuild(tiny(tmp.resolve("b")), 0.0, out).build();

        assertThat(Files.readAllBytes(tmp.resolve("b/model.tflite")))
                .as("same settings must give the same INT8 model bytes")
                .isEqualTo(Files.readAllBytes(tmp.resolve("a/model.tflite")));
        assertThat(second.modelSha256()).isEqualTo(first.modelSha256());
        assertThat(Files.readString(tmp.resolve("b/manifest.yaml")).replace("/b", "/a"))
                .isEqualTo(Files.readString(tmp.resolve("a/manifest.yaml")));

        Bundle bundle = BundleLoader.load(tmp.resolve("a"));
        assertThat(bundle.model().sha256()).isEqualTo(first.modelSha256());
        assertThat(bundle.labels()).containsExactly("intact", "damaged");
        assertThat(bundle.positiveLabel()).isEqualTo("damaged");
        assertThat(bundle.preprocess().id()).isEqualTo("parcel_rgb_64_v1");
        assertThat(bundle.thresholds().damageThreshold()).isEqualTo(0.70);
        assertThat(bundle.createdAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(bundle.provenance()).containsEntry("train_seed", "101").containsEntry("samples", "48")
                .containsKey("command");
        assertThat(first.inputByConvertTo()).as("INT8 input is pixel - 128 (scale 1/128, zero point 0)").isTrue();

        AgreementReport agreement = AgreementReport.fromJson(Files.readString(tmp.resolve("a/agreement.json")));
        assertThat(agreement.overall().count()).isEqualTo(24);
        ReferenceProfile drift = ReferenceProfile.readFrom(bundle.driftReference().orElseThrow());
        assertThat(drift.sampleCount()).isPositive();
        assertThat(Files.size(tmp.resolve("a/model-float.tflite"))).isLessThan(300 * 1024);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("epoch  1");

        try (Serving serving = Serving.open(bundle, new RuntimeOptions(1, true));
             SyntheticConveyorSource source = new SyntheticConveyorSource(SceneConfig.standard(9), "cam")) {
            long still = source.middleStillFrame(0);
            try (Frame frame = source.frameAt(still)) {
                Inference inference = serving.backend().classify(frame.image(),
                        source.truthOf(still).orElseThrow().box().toRect());
                assertThat(inference.scores()).hasSize(2);
                assertThat(inference.scores()[0] + inference.scores()[1]).isBetween(0.95f, 1.05f);
            }
        }
    }

    @Test
    void settingsNameWhatIsWrong() {
        assertThatThrownBy(() -> ModelBuildDemoCommand.parse("--samples", "10"))
                .hasMessageContaining("--out");
        assertThatThrownBy(() -> ModelBuildDemoCommand.parse("--out", "x", "--samples", "ten"))
                .hasMessageContaining("--samples").hasMessageContaining("ten");
        assertThatThrownBy(() -> ModelBuildDemoCommand.parse("--out", "x", "--colour", "red"))
                .hasMessageContaining("Unknown option").hasMessageContaining("--colour");
        assertThatThrownBy(() -> ModelBuildDemoCommand.parse("--out", "x", "--epochs"))
                .hasMessageContaining("--epochs").hasMessageContaining("Missing required parameter");
    }

    @Test
    void modelArgumentsRebuildTheSameSettings() {
        DemoModelSettings s = ModelBuildDemoCommand.parse("--out", "x", "--train-seed", "5", "--samples", "900",
                "--epochs", "3", "--box-jitter", "0.02", "--created-at", "2026-11-23T12:00:00Z");
        java.util.List<String> args = new java.util.ArrayList<>(s.modelArguments());
        args.addAll(java.util.List.of("--out", "x", "--created-at", "2026-11-23T12:00:00Z", "--threads",
                Integer.toString(s.trainer().threads())));
        assertThat(ModelBuildDemoCommand.parse(args.toArray(String[]::new))).isEqualTo(s);
    }
}
