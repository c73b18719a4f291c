package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CommandRun;
import io.intakeedge.workbench.demo.model.DemoModelSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelBuildDemoCommandTest {

    @Test
    void helpListsEveryOptionWithItsDefault() {
        CommandRun help = CommandRun.of(new Main(), "model", "build-demo", "--help");

        assertThat(help.exitCode()).isZero();
        for (String option : DemoModelSettings.OPTIONS) {
            assertThat(help.out()).as(option).contains(option);
        }
        DemoModelSettings d = DemoModelSettings.defaults(Path.of("x"));
        assertThat(help.out().replaceAll("\\s+", " ")).contains("(default " + d.samples() + ")", "(default " + d.trainSeed() + ")",
                "(default " + d.trainer().epochs() + ")", "(default " + d.version() + ")");
    }

    @Test
    void everyOptionReachesTheSettings() {
        String[] args = {"--out", "b", "--train-seed", "5", "--validation-seed", "6", "--drift-seed", "8",
            "--samples", "900", "--validation-samples", "50", "--calibration-samples", "40", "--drift-parcels", "9",
            "--epochs", "3", "--batch", "8", "--learning-rate", "0.01", "--trainer-seed", "9", "--threads", "2",
            "--box-jitter", "0.1", "--version", "2.0.0", "--created-at", "2026-11-23T12:00:00Z"};
        ModelBuildDemoCommand command = new ModelBuildDemoCommand();
        new CommandLine(command).parseArgs(args);

        DemoModelSettings s = command.settings();
        assertThat(s.out()).isEqualTo(Path.of("b"));
        assertThat(List.of(s.trainSeed(), s.validationSeed(), s.driftSeed(), s.trainer().seed()))
                .containsExactly(5L, 6L, 8L, 9L);
        assertThat(List.of(s.samples(), s.validationSamples(), s.calibrationSamples(), s.driftParcels(),
                s.trainer().epochs(), s.trainer().batchSize(), s.trainer().threads()))
                .containsExactly(900, 50, 40, 9, 3, 8, 2);
        assertThat(s.trainer().learningRate()).isEqualTo(0.01f);
        assertThat(s.boxJitter()).isEqualTo(0.1);
        assertThat(s.version()).isEqualTo("2.0.0");
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    }

    @Test
    void defaultsAreTheShippedModelsAndCalibrationFollowsASmallTrainingSet() {
        ModelBuildDemoCommand command = new ModelBuildDemoCommand();
        new CommandLine(command).parseArgs("--out", "b", "--samples", "48");
        DemoModelSettings d = DemoModelSettings.defaults(Path.of("b"));

        DemoModelSettings s = command.settings();

        assertThat(s.calibrationSamples()).isEqualTo(48);
        assertThat(s.samples()).isEqualTo(48);
        assertThat(List.of(s.trainSeed(), s.validationSeed(), s.driftSeed()))
                .containsExactly(d.trainSeed(), d.validationSeed(), d.driftSeed());
        assertThat(List.of(s.validationSamples(), s.driftParcels()))
                .containsExactly(d.validationSamples(), d.driftParcels());
        assertThat(s.trainer()).isEqualTo(d.trainer());
    }

    @Test
    void badValuesAndUnknownOptionsAreRefusedWithExitTwo() {
        CommandRun notANumber = CommandRun.of(new Main(), "model", "build-demo", "--out", "b", "--samples", "ten");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--samples", "ten");

        CommandRun unknown = CommandRun.of(new Main(), "model", "build-demo", "--out", "b", "--colour", "red");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--colour");

        CommandRun missingOut = CommandRun.of(new Main(), "model", "build-demo");
        assertThat(missingOut.exitCode()).isEqualTo(2);
        assertThat(missingOut.err()).contains("--out");

        CommandRun inconsistent = CommandRun.of(new Main(), "model", "build-demo", "--out", "b", "--samples", "10",
                "--calibration-samples", "20");
        assertThat(inconsistent.exitCode()).isEqualTo(2);
        assertThat(inconsistent.err()).contains("calibration samples");
    }
}
