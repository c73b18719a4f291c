package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.CommandRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.calibration.ToolFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ModelInspectCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonNamesTheOperatorsAndSaysTheFloatModelStaysFloat() throws Exception {
        Path model = Files.write(dir.resolve("float.tflite"), ToolFixtures.floatModel(false));
        CommandRun run = CommandRun.of(new Main(), "model", "inspect", model, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.toString()).contains("CONV_2D").contains("SOFTMAX");
        assertThat(report.toString()).contains(ToolFixtures.sha256(Files.readAllBytes(model)));
    }

    @Test
    void textReportIsForPeople() throws Exception {
        Path model = Files.write(dir.resolve("float.tflite"), ToolFixtures.floatModel(false));
        CommandRun run = CommandRun.of(new Main(), "model", "inspect", model);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CONV_2D");
    }

    @Test
    void aTruncatedModelIsBadInputNotACrash() throws Exception {
        byte[] bytes = ToolFixtures.floatModel(false);
        Path model = Files.write(dir.resolve("cut.tflite"), Arrays.copyOf(bytes, bytes.length / 2));
        CommandRun run = CommandRun.of(new Main(), "model", "inspect", model);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cut.tflite");
    }
}
