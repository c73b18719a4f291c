package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CommandRun;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.agreement.AgreementReport;
import io.intakeedge.quantization.builder.MobileNetV2Shaped;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quantize} and {@code model agreement} on a MobileNetV2-shaped 224×224 float model with parcel crops of the
 * synthetic conveyor scene as calibration images: quantization time, model sizes, agreement and its time.
 * Run: {@code mvn -o -pl agent -am test -Dgroups=benchmark -DexcludedGroups=none -Dtest=QuantizeCommandBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class QuantizeCommandBenchmark {
    private static final int IMAGES = 100;

    @Test
    void mobileNetV2ShapedFromSyntheticParcels(@TempDir Path tmp) throws Exception {
        Path floatModel = Files.write(tmp.resolve("mnv2.tflite"), MobileNetV2Shaped.standard(1).toFloatTflite());
        Path images = writeParcelCrops(tmp.resolve("calibration"), 2026);
        Path spec = Files.writeString(tmp.resolve("mnv2.yaml"), """
                id: mnv2_rgb_224
                width: 224
                height: 224
                resize: STRETCH
                roi_margin: 0.0
                color_order: RGB
                mean: 127.5
                std: 127.5
                """);
        Path labels = Files.writeString(tmp.resolve("labels.txt"),
                IntStream.range(0, 10).mapToObj(i -> "c" + i).collect(Collectors.joining("\n")));
        Path int8 = tmp.resolve("mnv2-int8.tflite");

        long t0 = System.nanoTime();
        CommandRun quantize = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", images,
                "--out", int8, "--preprocess-spec", spec);
        long t1 = System.nanoTime();
        assertThat(quantize.exitCode()).as(quantize.toString()).isZero();
        CommandRun agreement = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8", int8,
                "--data", images, "--preprocess-spec", spec, "--labels", labels, "--positive", "c0", "--json",
                "--min-top1", "0");
        long t2 = System.nanoTime();
        assertThat(agreement.exitCode()).as(agreement.toString()).isZero();
        AgreementReport report = AgreementReport.fromJson(agreement.out());

        System.out.println(quantize.out());
        System.out.printf(Locale.ROOT, "%-46s %s%n", "figure", "value");
        System.out.printf(Locale.ROOT, "%-46s %d%n", "calibration images (synthetic parcel crops)", IMAGES);
        System.out.printf(Locale.ROOT, "%-46s %.1f s%n", "quantize command wall time", (t1 - t0) / 1e9);
        System.out.printf(Locale.ROOT, "%-46s %.2f MB -> %.2f MB (%.2fx)%n", "model size float -> int8",
                Files.size(floatModel) / 1e6, Files.size(int8) / 1e6,
                Files.size(floatModel) / (double) Files.size(int8));
        System.out.printf(Locale.ROOT, "%-46s %.4f%n", "top-1 agreement on the calibration images",
                report.overall().top1Agreement());
        System.out.printf(Locale.ROOT, "%-46s %.5f / %.5f%n", "score |diff| mean / max", report.overall().meanAbsDiff(),
                report.overall().maxAbsDiff());
        System.out.printf(Locale.ROOT, "%-46s %.1f s%n", "model agreement command wall time", (t2 - t1) / 1e9);
    }

    private static Path writeParcelCrops(Path dir, long seed) throws Exception {
        Files.createDirectories(dir);
        SceneConfig config = SceneConfig.trainingMix(seed).withMaxParcels(IMAGES);
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(config, "bench-cam")) {
            for (long p = 0; p < IMAGES; p++) {
                long index = scene.middleStillFrame(p);
                ParcelTruth truth = scene.truthOf(index).orElseThrow();
                try (Frame frame = scene.frameAt(index)) {
                    Mat crop = frame.image().submat(truth.box().toRect());
                    Imgcodecs.imwrite(dir.resolve(String.format("bench-cam__%03d.jpg", p)).toString(), crop);
                    crop.release();
                }
            }
        }
        return dir;
    }
}
