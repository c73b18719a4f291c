package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CalibrationExportCommand;
import io.intakeedge.agent.cli.CommandRun;

import io.intakeedge.agent.calibration.CalibrationManifest;
import io.intakeedge.agent.calibration.CalibrationSampler;
import io.intakeedge.agent.calibration.ToolFixtures;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Box;
import io.intakeedge.quantization.agreement.AgreementReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's loop for a new camera: the station samples accepted frames, {@code calibration export} makes a set,
 * {@code quantize} re-quantizes on it (cropping each frame at its recorded parcel box) and {@code model agreement}
 * proves the result on it, sliced by route and camera.
 */
class CalibrationExportCommandTest {

    @Test
    void exportRequantizeAndProveAgreement(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        try (AgentDatabase db = AgentDatabase.open(data)) {
            TraceStore store = new TraceStore(db);
            CalibrationSampler sampler = new CalibrationSampler(CalibrationSampler.dirIn(data), 1.0, 500);
            Random r = new Random(17);
            for (int i = 0; i < 14; i++) {
                boolean red = i % 3 == 0;
                Trace t = ToolFixtures.trace(now.plusSeconds(i), i < 7 ? "dock3-left" : "dock3-right", true,
                        red ? 0.9f : 0.1f, new Box(3, 2, 40, 34));
                Mat frame = ToolFixtures.parcelImage(r, red, 1.0);
                store.store(t);
                sampler.offer(t, frame);
                frame.release();
            }
        }
        Path set = tmp.resolve("set");
        CommandRun export = CommandRun.of(new CalibrationExportCommand(), "--data", data, "--out", set,
                "--count", 10, "--seed", 3);
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("exported 10 of 14 accepted frames");
        CalibrationManifest manifest = CalibrationManifest.readFrom(set).orElseThrow();
        assertThat(manifest.frames()).hasSize(10).allSatisfy(f -> assertThat(set.resolve(f.file())).isRegularFile());

        Path floatModel = Files.write(tmp.resolve("float.tflite"), ToolFixtures.floatModel(false));
        Path bundle = ToolFixtures.writeBundle(tmp.resolve("bundle"), Files.readAllBytes(floatModel));
        Path int8 = tmp.resolve("int8.tflite");
        CommandRun quantize = CommandRun.of(new QuantizeCommand(), "--model", floatModel, "--calibration", set,
                "--out", int8, "--bundle", bundle);
        assertThat(quantize.exitCode()).as(quantize.toString()).isZero();
        assertThat(quantize.out()).contains("10 images used, 0 skipped");

        CommandRun agreement = CommandRun.of(new ModelAgreementCommand(), "--float", floatModel, "--int8", int8,
                "--data", set, "--bundle", bundle, "--json");
        AgreementReport report = AgreementReport.fromJson(agreement.out());
        assertThat(agreement.exitCode()).as(agreement.toString()).isZero();
        assertThat(report.overall().count()).isEqualTo(10);
        assertThat(report.overall().labelled()).isZero(); // station routes are not verified labels
        assertThat(report.slices()).containsKeys("camera:dock3-left", "camera:dock3-right");
        assertThat(report.slices().keySet()).anyMatch(k -> k.startsWith("route:"));
    }

    @Test
    void aDirectoryWithoutTracesIsBadInput(@TempDir Path tmp) {
        CommandRun run = CommandRun.of(new CalibrationExportCommand(), "--data", tmp, "--out", tmp.resolve("set"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("intake-edge export: no trace database in");
        assertThat(tmp.resolve("set")).doesNotExist();
    }
}
