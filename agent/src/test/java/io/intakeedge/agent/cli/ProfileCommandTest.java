package io.intakeedge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileCommandTest {
    @TempDir
    Path dir;
    Path root;

    /** An Orin NX 16 GB on JetPack 6.2 as its files read. */
    @BeforeEach
    void orinNxTree() throws IOException {
        root = dir.resolve("root");
        write("proc/device-tree/compatible", "nvidia,p3768-0000+p3767-0000\0nvidia,p3767-0000\0nvidia,tegra234\0");
        write("proc/device-tree/model", "NVIDIA Jetson Orin NX Engineering Reference Developer Kit\0");
        write("etc/nv_tegra_release", "# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: generic, EABI: aarch64\n");
        write("proc/meminfo", "MemTotal:       15650000 kB\n");
        write("proc/cpuinfo", "processor\t: 0\n\nprocessor\t: 1\n\nprocessor\t: 2\n\nprocessor\t: 3\n\n"
                + "processor\t: 4\n\nprocessor\t: 5\n\nprocessor\t: 6\n\nprocessor\t: 7\n");
    }

    @Test
    void showsTheChosenProfileWhyAndTheEffectiveValues() {
        CommandRun run = CommandRun.of(new Main(), "profile", "show", "--root", root, "--arch", "aarch64");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("profile: jetson-orin-nx\n")
                .contains("board id p3767-0000").contains("L4T 36.4.3 = JetPack 6.2")
                .contains("CPUs: 8").contains("memory: 15283 MiB")
                .contains("inference_threads: 6").contains("nvarguscamerasrc").contains("cpu-thermal");
    }

    @Test
    void jsonCarriesIdReasonsFactsAndProfile() throws IOException {
        CommandRun run = CommandRun.of(new Main(), "profile", "show", "--root", root, "--arch", "aarch64", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("id").asText()).isEqualTo("jetson-orin-nx");
        assertThat(json.get("facts").get("l4t").get("jetpack").asText()).isEqualTo("6.2");
        assertThat(json.get("facts").get("cpus").asInt()).isEqualTo(8);
        assertThat(json.get("profile").get("capture_width").asInt()).isEqualTo(1920);
        assertThat(json.get("reasons").toString()).contains("tegra234");
    }

    @Test
    void stationConfigOverridesApplyAndBadOnesNameTheField() throws IOException {
        Path config = station("{id: auto, inference_threads: 2, capture_fps: 15}");
        CommandRun run = CommandRun.of(new Main(), "profile", "show", "--root", root, "--arch", "aarch64",
                "--config", config, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("profile").get("inference_threads").asInt()).isEqualTo(2);
        assertThat(json.get("profile").get("capture_fps").asInt()).isEqualTo(15);
        assertThat(json.get("profile").get("capture_width").asInt()).isEqualTo(1920);

        CommandRun bad = CommandRun.of(new Main(), "profile", "show", "--root", root, "--config",
                station("{id: jetson-orin-nx, inference_threads: many}"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("inference_threads: expected a whole number, got text 'many'");
    }

    @Test
    void namedProfileAndDeprecatedAlias() throws IOException {
        Path config = station("generic-arm64");
        CommandRun run = CommandRun.of(new Main(), "profile", "show", "--root", root, "--config", config);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("profile: generic-linux-arm64\n")
                .contains("'generic-arm64' is deprecated");
    }

    private Path station(String profile) throws IOException {
        return Files.writeString(dir.resolve("station.yaml"), """
                site: s1
                device: d1
                profile: %s
                camera: {source: synthetic}
                bundle: b
                """.formatted(profile));
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
