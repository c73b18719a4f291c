package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CommandRun;

import io.intakeedge.agent.calibration.ToolFixtures;
import io.intakeedge.quantization.agreement.AgreementReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The INT8 model made by {@code quantize} checked against its float model with {@code model agreement}. */
class ModelAgreementCommandTest {
    @TempDir
    static Path shared;
    static Path floatModel;
    static Path flippedModel;
    static Path bundle;
    static Path data;

    @BeforeAll
    static void quantizedBundleAndLabelledData() throws Exception {
        floatModel = Files.write(shared.resolve("float.tflite"), ToolFixtures.floatModel(false));
        flippedModel = Files.write(shared.resolve("flipped.tflite"), ToolFixtures.floatModel(true));
        Path calibration = shared.resolve("calibration");
        ToolFixtures.writeImages(calibration, "red", 16, true, 1.0, 11);
        ToolFixtures.writeImages(calibration, "blue", 16, false, 1.0, 12);
        ToolFixtures.writeImages(calibration, "dark", 8, true, 0.25, 13);
        Path spec = Files.writeString(shared.resolve("tiny.yaml"), ToolFixtures.PREPROCESS_YAML);
        Path int8 = shared.resolve("int8.tflite");
        CommandRun q = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", int8, "--preprocess-spec", spec);
        assertThat(q.exitCode()).as(q.toString()).isZero();
        bundle = ToolFixtures.writeBundle(shared.resolve("bundle"), Files.readAllBytes(int8));

        data = shared.resolve("data");
        ToolFixtures.writeImages(data.resolve("damaged"), "camA__", 8, true, 1.0, 21);
        ToolFixtures.writeImages(data.resolve("damaged"), "camB__dark", 4, true, 0.25, 22);
        ToolFixtures.writeImages(data.resolve("intact"), "camA__", 8, false, 1.0, 23);
        ToolFixtures.writeImages(data.resolve("intact"), "camB__dark", 4, false, 0.25, 24);
        ToolFixtures.writeImages(data.resolve("unlabelled"), "x", 3, true, 1.0, 25);
        ToolFixtures.writeImages(data.resolve("intact/dock9"), "y", 2, false, 1.0, 26);
    }

    @Test
    void int8FollowsFloatOverallAndPerSlice() {
        CommandRun run = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8",
                bundle.resolve("model.tflite"), "--data", data, "--bundle", bundle, "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        AgreementReport report = AgreementReport.fromJson(run.out());
        assertThat(report.overall().count()).isEqualTo(29);
        assertThat(report.overall().labelled()).isEqualTo(26);
        assertThat(report.overall().top1Agreement()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.overall().referenceAccuracy()).isEqualTo(1.0); // red damaged, blue intact, by construction
        assertThat(report.threshold()).isEqualTo(0.70f);
        assertThat(report.positiveLabel()).isEqualTo(1);
        assertThat(report.slices()).containsKeys("brightness:dark", "brightness:bright", "camera:camA",
                "camera:camB", "label:damaged", "label:intact", "origin:dock9");
        assertThat(report.slices().get("origin:dock9").count()).isEqualTo(2);
        assertThat(report.slices().get("label:intact").count()).isEqualTo(14);
        assertThat(report.slices().get("brightness:dark").count()).isEqualTo(8);
        assertThat(report.slices().get("camera:camB").count()).isEqualTo(8);
        assertThat(report.slices().get("label:damaged").count()).isEqualTo(12);
    }

    @Test
    void textReportSaysPass() {
        CommandRun run = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8",
                bundle.resolve("model.tflite"), "--data", data, "--bundle", bundle);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("on 29 samples").contains("route: damaged >= 0.70")
                .containsPattern("overall +29 +1\\.0000").contains("brightness:dark").contains("PASS");
    }

    @Test
    void aModelThatDisagreesExitsWithThree() {
        CommandRun run = CommandRun.of(new ModelAgreementCommand(), "--float", flippedModel, "--int8",
                bundle.resolve("model.tflite"), "--data", data, "--bundle", bundle, "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        AgreementReport report = AgreementReport.fromJson(run.out());
        assertThat(report.overall().top1Agreement()).isLessThan(0.1);
        assertThat(report.disagreeingIds()).contains("damaged/camA__000.jpg");
        assertThat(run.err()).contains("below limit: overall: top-1 agreement");
    }

    @Test
    void syntheticParcelsWithGroundTruth() {
        CommandRun run = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8",
                bundle.resolve("model.tflite"), "--synthetic", 7, "--count", 12, "--bundle", bundle, "--json",
                "--min-top1", "0.5");

        AgreementReport report = AgreementReport.fromJson(run.out());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(report.passes(0.5, 1.0) ? 0 : 3);
        assertThat(report.overall().count()).isEqualTo(12);
        assertThat(report.overall().labelled()).isEqualTo(12);
        assertThat(report.slices()).containsKey("condition:usable").containsKey("camera:synthetic-cam")
                .doesNotContainKey("condition:out_of_frame");
        assertThat(report.disagreeingIds()).allSatisfy(id -> assertThat(id).startsWith("synthetic:seed=7:parcel="));
    }

    @Test
    void aFolderThatIsNoLabelIsBadInput(@TempDir Path tmp) throws Exception {
        ToolFixtures.writeImages(tmp.resolve("damagd"), "x", 1, true, 1.0, 1);
        CommandRun run = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8",
                bundle.resolve("model.tflite"), "--data", tmp, "--bundle", bundle);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("folder 'damagd' is neither a label of the model [intact, damaged]");

        CommandRun twice = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8",
                bundle.resolve("model.tflite"), "--data", data, "--bundle", bundle, "--threshold", "0.5");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("the bundle pins its own");
    }

    @Test
    void withoutBundleLabelsAndPositiveLabelMustBeNamed() throws Exception {
        Object[] base = {"--float", floatModel, "--int8", bundle.resolve("model.tflite"), "--data", data,
                "--preprocess-spec", shared.resolve("tiny.yaml")};
        CommandRun noLabels = CommandRun.of(new ModelAgreementCommand(), base);
        assertThat(noLabels.exitCode()).isEqualTo(2);
        assertThat(noLabels.err()).contains("has no labels");

        Path labels = Files.writeString(shared.resolve("labels.txt"), "# v1\nintact\ndamaged\n");
        CommandRun noPositive = CommandRun.of(new ModelAgreementCommand(), concat(base, "--labels", labels));
        assertThat(noPositive.exitCode()).isEqualTo(2);
        assertThat(noPositive.err()).contains("--bundle DIR or --positive LABEL");

        CommandRun named = CommandRun.of(new ModelAgreementCommand(), concat(base, "--labels", labels,
                "--positive", "damaged", "--threshold", "0.6"));
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.out()).contains("route: damaged >= 0.60").contains("preprocess spec");
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
