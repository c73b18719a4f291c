package io.intakeedge.profiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileLoaderTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A profile file written before accelerators, pipelines, budgets and thermal zones existed. */
    private static final String OLD_FORMAT = """
            id: station-7
            arch: aarch64
            inference_threads: 3
            use_xnnpack: false
            capture_width: 800
            capture_height: 600
            capture_fps: 12
            latency_budget_ms: 300
            memory_limit_mb: 900
            min_free_disk_mb: 100
            """;

    @TempDir
    Path dir;

    static List<String> builtIns() {
        return ProfileLoader.knownIds();
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInProfileLoadsAndIsConsistent(String id) {
        DeviceProfile p = ProfileLoader.byId(id);

        assertThat(p.id()).isEqualTo(id);
        assertThat(p.accelerators()).last().isIn(DeviceProfile.CPU_ACCELERATORS);
        assertThat(p.heapBudgetMb()).isLessThan(p.memoryLimitMb());
        assertThat(p.cameraPipelines().usb()).contains("{device}").endsWith("format=BGR");
        assertThat(p.thermalZones()).isNotEmpty()
                .allSatisfy(z -> assertThat(z.criticalC()).isGreaterThan(z.throttleC()));
        if (id.startsWith("jetson-")) {
            assertThat(p.arch()).isEqualTo("aarch64");
            assertThat(p.cameraPipelines().csi()).startsWith("nvarguscamerasrc");
            assertThat(p.thermalZones()).extracting(DeviceProfile.ThermalZone::type).contains("cpu-thermal", "cv0-thermal");
        }
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void effectiveValuesWrittenAsYamlLoadBackAsTheSameProfile(String id) throws IOException {
        DeviceProfile p = ProfileLoader.byId(id);

        String yaml = ProfileReport.yaml(p);

        assertThat(ProfileLoader.fromFile(write(id + "-copy.yaml", yaml))).isEqualTo(p);
        assertThat(yaml).doesNotStartWith("---").contains("inference_threads: " + p.inferenceThreads());
    }

    @Test
    void allFiveProfilesShip() {
        assertThat(ProfileLoader.knownIds()).containsExactlyInAnyOrder("jetson-orin-nano", "jetson-orin-nx",
                "jetson-agx-orin", "generic-linux-x86_64", "generic-linux-arm64");
    }

    @ParameterizedTest
    @CsvSource({"generic-x86_64, generic-linux-x86_64", "generic-arm64, generic-linux-arm64"})
    void oldIdsStillWorkAndSayTheyAreDeprecated(String old, String current) {
        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.of(old), HostFacts.read(dir, "amd64"));

        assertThat(choice.profile()).isEqualTo(ProfileLoader.byId(current));
        assertThat(choice.warnings()).anyMatch(w -> w.contains("'" + old + "' is deprecated")
                && w.contains("'" + current + "'"));
        assertThat(ProfileLoader.resolve(old).id()).isEqualTo(current);
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> ProfileLoader.byId("jetson-thor")).isInstanceOf(ProfileException.class)
                .hasMessageContaining("jetson-thor").hasMessageContaining("jetson-agx-orin");
    }

    @Test
    void oldFormatFileLoadsWithDefaults() throws IOException {
        DeviceProfile p = ProfileLoader.fromFile(write("old.yaml", OLD_FORMAT));

        assertThat(p.accelerators()).containsExactly("cpu");
        assertThat(p.useXnnpack()).isFalse();
        assertThat(p.heapBudgetMb()).isEqualTo(450);
        assertThat(p.modelInputSize()).isEqualTo(ProfileReader.DEFAULT_MODEL_INPUT);
        assertThat(p.h2BudgetMb()).isEqualTo(ProfileReader.DEFAULT_H2_MB);
        assertThat(p.thermalZones()).isEmpty();
        assertThat(p.cameraPipelines()).isEqualTo(DeviceProfile.CameraPipelines.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inference_thread: 4|inference_thread: unknown field",
            "inference_threads: four|inference_threads: expected a whole number, got text 'four'",
            "inference_threads: 0|inference_threads: must be in 1..64 (got 0)",
            "heap_budget_mb: 900|heap_budget_mb: must be below memory_limit_mb (900)",
            "accelerators: [tensorrt]|accelerators: the last entry must be xnnpack or cpu",
            "accelerators: [gpu, cpu]|accelerators[0]: must be one of [tensorrt, xnnpack, cpu]",
            "accelerators: [xnnpack]|use_xnnpack: false contradicts accelerators [xnnpack]",
            "camera_pipelines: {usb: 'v4l2src device={dev}'}|camera_pipelines.usb: unknown placeholder {dev}",
            "camera_pipelines: {hdmi: x}|camera_pipelines.hdmi: unknown camera kind",
            "thermal_zones: [{type: cpu-thermal, throttle_c: 90, critical_c: 80}]|thermal_zones[0].critical_c: must be above throttle_c (90.0)",
            "thermal_zones: [{type: cpu-thermal, throttle_c: 85000, critical_c: 95000}]|thermal_zones[0].throttle_c: must be in (0, 150]",
            "thermal_zones: [{type: cpu-thermal, critical_c: 95}]|thermal_zones[0].throttle_c: required",
            "thermal_zones: [{throttle_c: 80, critical_c: 90}]|thermal_zones[0].type: required",
            "accelerators: ['delegate:libnpu.so', cpu]|accelerators[0]: must be one of [tensorrt, xnnpack, cpu] or delegate:/absolute/path/lib.so (got delegate:libnpu.so)",
            "accelerators: [cpu, cpu]|accelerators[1]: cpu is listed twice",
            "accelerators: []|accelerators: must name at least one backend",
            "capture_width: 10|capture_width: must be in 64..8192 (got 10)",
            "memory_limit_mb: 100|memory_limit_mb: must be in 128..1048576 (got 100)"})
    void malformedProfileNamesTheFieldAndTheReason(String extra, String expected) throws IOException {
        Path file = write("bad.yaml", OLD_FORMAT + extra + "\n");

        assertThatThrownBy(() -> ProfileLoader.fromFile(file)).isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected);
    }

    @Test
    void invalidValuesAreAllNamedInOneError() throws IOException {
        Path file = write("bad.yaml", OLD_FORMAT.replace("inference_threads: 3", "inference_threads: 0")
                .replace("capture_fps: 12", "capture_fps: 0").replace("arch: aarch64", "arch: sparc"));

        assertThatThrownBy(() -> ProfileLoader.fromFile(file)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("inference_threads: must be in 1..64 (got 0)")
                .hasMessageContaining("capture_fps: must be in 1..240 (got 0)")
                .hasMessageContaining("arch: must be one of [amd64, aarch64] (got sparc)");
    }

    @Test
    void missingFileIsAClearErrorAndThisMachineGetsABuiltInProfile() {
        assertThatThrownBy(() -> ProfileLoader.fromFile(dir.resolve("nope.yaml")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("does not exist");
        assertThat(ProfileLoader.knownIds()).contains(ProfileLoader.resolve("auto").id());
    }

    @Test
    void missingRequiredFieldsAreAllNamed() throws IOException {
        Path file = write("short.yaml", "id: x\narch: sparc\n");

        assertThatThrownBy(() -> ProfileLoader.fromFile(file)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("inference_threads: required field is missing")
                .hasMessageContaining("memory_limit_mb: required field is missing")
                .hasMessageContaining("capture_fps: required field is missing");
    }

    @Test
    void delegateEntryWithAnAbsolutePathIsAValidProfile() throws IOException {
        DeviceProfile p = ProfileLoader.fromFile(write("npu.yaml", OLD_FORMAT
                + "accelerators: ['delegate:/opt/vendor/libnpu_delegate.so', cpu]\n"));

        assertThat(p.accelerators()).containsExactly("delegate:/opt/vendor/libnpu_delegate.so", "cpu");
    }

    @Test
    void emptyFileIsRejectedWithTheReason() throws IOException {
        Path file = write("empty.yaml", "");

        assertThatThrownBy(() -> ProfileLoader.fromFile(file)).isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void notAMappingOrNotYamlIsRejectedWithTheReason() throws IOException {
        assertThatThrownBy(() -> ProfileLoader.fromFile(write("list.yaml", "- a\n- b\n")))
                .hasMessageContaining("a device profile is a mapping of fields, got a list");
        assertThatThrownBy(() -> ProfileLoader.fromFile(write("broken.yaml", "id: [unclosed\n")))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void stationConfigOverridesSingleFields() throws IOException {
        ProfileRequest request = YAML.readValue("{id: jetson-orin-nano, inference_threads: 2,"
                + " camera_pipelines: {rtsp: 'rtspsrc location={url} ! decodebin ! videoconvert'}}",
                ProfileRequest.class);

        ProfileChoice choice = ProfileLoader.choose(request, HostFacts.read(dir, "aarch64"));

        DeviceProfile base = ProfileLoader.byId("jetson-orin-nano");
        assertThat(choice.profile().inferenceThreads()).isEqualTo(2);
        assertThat(choice.profile().cameraPipelines().rtsp()).isEqualTo("rtspsrc location={url} ! decodebin ! videoconvert");
        assertThat(choice.profile().cameraPipelines().csi()).isEqualTo(base.cameraPipelines().csi());
        assertThat(choice.profile().captureWidth()).isEqualTo(base.captureWidth());
        assertThat(choice.reasons()).anyMatch(r -> r.contains("overridden") && r.contains("inference_threads"));
    }

    @Test
    void autoWithOverridesDetectsThenOverrides() throws IOException {
        ProfileRequest request = YAML.readValue("{id: auto, use_xnnpack: false}", ProfileRequest.class);
        HostFacts facts = new FakeTree(dir).compatible("nvidia,p3737-0000+p3701-0005", "nvidia,tegra234")
                .l4t("R36", "4.3").facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(request, facts);

        assertThat(choice.profile().id()).isEqualTo("jetson-agx-orin");
        assertThat(choice.profile().accelerators()).containsExactly("cpu");
    }

    @Test
    void badOverrideNamesTheField() throws IOException {
        ProfileRequest typo = YAML.readValue("{id: auto, inference_treads: 2}", ProfileRequest.class);
        ProfileRequest range = YAML.readValue("{id: generic-linux-arm64, capture_fps: 1000}", ProfileRequest.class);
        HostFacts facts = HostFacts.read(dir, "aarch64");

        assertThatThrownBy(() -> ProfileLoader.choose(typo, facts))
                .hasMessageContaining("station config overrides").hasMessageContaining("inference_treads: unknown field");
        assertThatThrownBy(() -> ProfileLoader.choose(range, facts))
                .hasMessageContaining("capture_fps: must be in 1..240 (got 1000)");
    }

    @Test
    void plainTextProfileInTheConfigStillWorks() throws IOException {
        assertThat(YAML.readValue("auto", ProfileRequest.class)).isEqualTo(ProfileRequest.AUTO);
        ProfileRequest named = YAML.readValue("jetson-orin-nano", ProfileRequest.class);
        assertThat(named.id()).isEqualTo("jetson-orin-nano");
        assertThat(named.overrides()).isEmpty();
        assertThat(YAML.writeValueAsString(named)).contains("jetson-orin-nano").doesNotContain("{");
        assertThatThrownBy(() -> ProfileRequest.fromConfig(YAML.readTree("[a, b]")))
                .hasMessageContaining("profile: expected a profile id");
    }

    @Test
    void profileFileNamedInTheConfig() throws IOException {
        Path file = write("station-7.yaml", OLD_FORMAT);

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.of(file.toString()), HostFacts.read(dir, "amd64"));

        assertThat(choice.profile().id()).isEqualTo("station-7");
        assertThat(choice.reasons()).anyMatch(r -> r.contains("profile file " + file));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
