package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileLoaderTest {

    @TempDir
    Path dir;

    @Test
    void everyListedProfileLoadsAndCarriesItsId() {
        assertThat(ProfileLoader.knownIds()).containsExactly("generic-x86_64", "generic-arm64", "jetson-orin-nano");
        for (String id : ProfileLoader.knownIds()) {
            assertThat(ProfileLoader.byId(id).id()).isEqualTo(id);
        }
    }

    @Test
    void jetsonProfileHasTheValuesOfItsFile() {
        DeviceProfile jetson = ProfileLoader.byId("jetson-orin-nano");
        assertThat(jetson.arch()).isEqualTo("aarch64");
        assertThat(jetson.inferenceThreads()).isEqualTo(4);
        assertThat(jetson.useXnnpack()).isTrue();
        assertThat(jetson.captureWidth()).isEqualTo(1280);
        assertThat(jetson.captureHeight()).isEqualTo(720);
        assertThat(jetson.latencyBudgetMs()).isEqualTo(150);
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> ProfileLoader.byId("raspberry-pi-9"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("raspberry-pi-9")
                .hasMessageContaining("generic-x86_64, generic-arm64, jetson-orin-nano");
    }

    @Test
    void detectsJetsonFromDeviceTreeModelBeforeArch() {
        HostInfo jetson = new HostInfo("aarch64", Optional.of("NVIDIA Jetson Orin Nano Developer Kit"));
        HostInfo pi = new HostInfo("aarch64", Optional.of("Raspberry Pi 5 Model B Rev 1.0"));
        assertThat(ProfileLoader.detectId(jetson)).isEqualTo("jetson-orin-nano");
        assertThat(ProfileLoader.detectId(pi)).isEqualTo("generic-arm64");
        assertThat(ProfileLoader.detectId(new HostInfo("amd64", Optional.empty()))).isEqualTo("generic-x86_64");
        assertThat(ProfileLoader.detectId(new HostInfo("x86_64", Optional.empty()))).isEqualTo("generic-x86_64");
    }

    @Test
    void unsupportedArchIsAClearError() {
        assertThatThrownBy(() -> ProfileLoader.detectId(new HostInfo("ppc64le", Optional.empty())))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("ppc64le")
                .hasMessageContaining("generic-x86_64");
    }

    @Test
    void detectOnThisMachineGivesABuiltInProfile() {
        assertThat(ProfileLoader.knownIds()).contains(ProfileLoader.detect().id());
    }

    @Test
    void readsDeviceTreeModelWithoutTrailingNul() throws IOException {
        Path model = dir.resolve("model");
        Files.write(model, "NVIDIA Jetson AGX Orin\0".getBytes());
        assertThat(HostInfo.readModel(model)).contains("NVIDIA Jetson AGX Orin");
        assertThat(HostInfo.readModel(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void loadsAnOperatorsProfileFile() throws IOException {
        Path file = write("station-7.yaml", validYaml("station-7").replace("inference_threads: 3",
                "inference_threads: 6"));
        DeviceProfile profile = ProfileLoader.fromFile(file);
        assertThat(profile.id()).isEqualTo("station-7");
        assertThat(profile.inferenceThreads()).isEqualTo(6);
        assertThat(ProfileLoader.resolve(file.toString())).isEqualTo(profile);
        assertThat(ProfileLoader.resolve("generic-arm64").id()).isEqualTo("generic-arm64");
    }

    @Test
    void invalidValuesAreAllNamedInOneError() throws IOException {
        Path file = write("bad.yaml", validYaml("bad").replace("inference_threads: 3", "inference_threads: 0")
                .replace("capture_fps: 15", "capture_fps: 0").replace("arch: amd64", "arch: sparc"));
        assertThatThrownBy(() -> ProfileLoader.fromFile(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("inference_threads must be in 1..64 (got 0)")
                .hasMessageContaining("capture_fps must be in 1..240 (got 0)")
                .hasMessageContaining("arch must be one of");
    }

    @Test
    void missingFieldAndUnknownFieldAndBrokenYamlAreRejected() throws IOException {
        Path missing = write("missing.yaml", validYaml("m").replace("latency_budget_ms: 200\n", ""));
        assertThatThrownBy(() -> ProfileLoader.fromFile(missing)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("latency_budget_ms");
        Path unknown = write("unknown.yaml", validYaml("u") + "gpu_layers: 12\n");
        assertThatThrownBy(() -> ProfileLoader.fromFile(unknown)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("gpu_layers");
        Path broken = write("broken.yaml", "id: [unclosed\n");
        assertThatThrownBy(() -> ProfileLoader.fromFile(broken)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> ProfileLoader.fromFile(dir.resolve("nope.yaml")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("does not exist");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String validYaml(String id) {
        return """
                id: %s
                description: test station
                arch: amd64
                inference_threads: 3
                use_xnnpack: false
                capture_width: 800
                capture_height: 600
                capture_fps: 15
                latency_budget_ms: 200
                memory_limit_mb: 512
                min_free_disk_mb: 100
                """.formatted(id);
    }
}
