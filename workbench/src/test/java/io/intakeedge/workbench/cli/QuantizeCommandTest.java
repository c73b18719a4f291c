package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CommandRun;

import io.intakeedge.agent.calibration.ToolFixtures;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.tensor.ElementType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizeCommandTest {
    @TempDir
    static Path shared;
    static Path floatModel;
    static Path calibration;
    static Path specFile;

    @BeforeAll
    static void inputs() throws Exception {
        floatModel = Files.write(shared.resolve("float.tflite"), ToolFixtures.floatModel(false));
        calibration = shared.resolve("calibration");
        ToolFixtures.writeImages(calibration.resolve("red"), "r", 20, true, 1.0, 1);
        ToolFixtures.writeImages(calibration.resolve("blue"), "b", 19, false, 1.0, 2);
        byte[] jpeg = Files.readAllBytes(calibration.resolve("red/r000.jpg"));
        Files.write(calibration.resolve("blue/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length - 40));
        specFile = Files.writeString(shared.resolve("tiny.yaml"), ToolFixtures.PREPROCESS_YAML);
    }

    @Test
    void quantizesWithTheCalibrationImagesAndReports(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("models/int8.tflite");
        CommandRun run = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", out, "--preprocess-spec", specFile);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        LoadedModel int8 = ModelLoader.defaults().load(out);
        assertThat(int8.inputs().get(0).type()).isEqualTo(ElementType.INT8);
        assertThat(int8.outputs().get(0).type()).isEqualTo(ElementType.INT8);
        // the tiny model's quantization parameters outweigh its few weights; the summary reports whatever it is
        assertThat(run.out()).contains(Files.size(floatModel) + " -> " + Files.size(out) + " bytes");
        assertThat(run.out()).contains("39 images used, 1 skipped, min-max, input int8, output int8")
                .contains("CONV_2D x2").contains("DEPTHWISE_CONV_2D x1").contains("SOFTMAX x1")
                .contains("skipped blue/cut.jpg: truncated JPEG").contains(int8.sha256());
        assertThat(run.err().lines().filter(l -> l.matches("calibration +\\d+% \\(\\d+/40 images\\)")))
                .hasSize(10).last().asString().startsWith("calibration 100%");
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).containsExactly(out); // no temporary file left behind
        }
    }

    @Test
    void bundlePreprocessingPercentileAndEdgeTypes(@TempDir Path tmp) throws Exception {
        Path bundle = ToolFixtures.writeBundle(tmp.resolve("bundle"), ToolFixtures.floatModel(false));
        Path out = tmp.resolve("int8.tflite");
        CommandRun run = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", out, "--bundle", bundle, "--method", "percentile", "--percentile", "99.9",
                "--input-type", "uint8", "--output-type", "float32", "--limit", "10");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("10 images used, 0 skipped, percentile(99.9), input uint8, output float32");
        assertThat(run.err()).contains("preprocess tiny_rgb_32_v1 from bundle tiny-parcel@1.0.0");
        LoadedModel int8 = ModelLoader.defaults().load(out);
        assertThat(int8.inputs().get(0).type()).isEqualTo(ElementType.UINT8);
        assertThat(int8.outputs().get(0).type()).isEqualTo(ElementType.FLOAT32);

        // a bundle whose model is not built yet still lends its preprocess section through --preprocess-spec
        CommandRun fromManifest = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration",
                calibration, "--out", tmp.resolve("from-manifest.tflite"), "--preprocess-spec",
                bundle.resolve("manifest.yaml"), "--limit", "5");
        assertThat(fromManifest.exitCode()).as(fromManifest.toString()).isZero();
        assertThat(fromManifest.err()).contains("preprocess tiny_rgb_32_v1 from preprocess spec");
    }

    @Test
    void unsupportedOperatorIsBadInputNamingIt(@TempDir Path tmp) throws Exception {
        Path model = Files.write(tmp.resolve("tanh.tflite"), ToolFixtures.modelWithTanh());
        Path out = tmp.resolve("int8.tflite");
        CommandRun run = CommandRun.of(new QuantizeCommand(), "--model", model, "--calibration", calibration,
                "--out", out, "--preprocess-spec", specFile);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("intake-edge quantize: cannot quantize operator TANH");
        assertThat(out).doesNotExist();
    }

    @Test
    void malformedModelIsBadInput(@TempDir Path tmp) throws Exception {
        byte[] junk = new byte[2048];
        new Random(4).nextBytes(junk);
        Path model = Files.write(tmp.resolve("junk.tflite"), junk);
        byte[] valid = ToolFixtures.floatModel(false);
        Path cut = Files.write(tmp.resolve("cut.tflite"), Arrays.copyOf(valid, valid.length / 2));
        for (Path bad : new Path[] {model, cut}) {
            CommandRun run = CommandRun.of(new QuantizeCommand(), "--model", bad, "--calibration", calibration,
                    "--out", tmp.resolve("int8.tflite"), "--preprocess-spec", specFile);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).startsWith("intake-edge quantize: ").doesNotContain("\tat ");
        }
        assertThat(tmp.resolve("int8.tflite")).doesNotExist();
    }

    @Test
    void badUsageIsExplained(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("int8.tflite");
        assertThat(CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", empty, "--out", out,
                "--preprocess-spec", specFile).err()).contains("no JPEG or PNG images under");
        assertThat(CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", out).err()).contains("has no normalization metadata: give --bundle DIR or --preprocess-spec");
        CommandRun method = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", out, "--preprocess-spec", specFile, "--method", "kl");
        assertThat(method.exitCode()).isEqualTo(2);
        assertThat(method.err()).contains("--method must be minmax or percentile, got kl");
        Path badSpec = Files.writeString(tmp.resolve("bad.yaml"), ToolFixtures.PREPROCESS_YAML + "gamma: 2\n");
        assertThat(CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", calibration,
                "--out", out, "--preprocess-spec", badSpec).err()).contains("unknown key 'gamma'");
        assertThat(out).doesNotExist();
    }
}
