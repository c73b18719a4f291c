package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileDetectorTest {

    @TempDir
    Path dir;

    /** An Orin on JetPack 6.2 as its device tree names it: carrier board + module, then the SoC. */
    private FakeTree orin(String carrierAndModule, String model, int cpus, long memKb) throws IOException {
        return new FakeTree(dir).compatible("nvidia," + carrierAndModule, "nvidia,tegra234")
                .model(model).l4t("R36", "4.3").cpus(cpus).memory(memKb);
    }

    @ParameterizedTest
    @CsvSource({
            "p3768-0000+p3767-0005, NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super, 6, 7802000, jetson-orin-nano",
            "p3768-0000+p3767-0004, NVIDIA Jetson Orin Nano 4GB, 6, 3711000, jetson-orin-nano",
            "p3768-0000+p3767-0003, NVIDIA Jetson Orin Nano 8GB, 6, 7802000, jetson-orin-nano",
            "p3768-0000+p3767-0000, NVIDIA Jetson Orin NX Engineering Reference Developer Kit, 8, 15650000, jetson-orin-nx",
            "p3768-0000+p3767-0001, NVIDIA Jetson Orin NX 8GB, 6, 7802000, jetson-orin-nx",
            "p3737-0000+p3701-0005, Jetson AGX Orin Developer Kit, 12, 64300000, jetson-agx-orin",
            "p3737-0000+p3701-0004, Jetson AGX Orin, 8, 31000000, jetson-agx-orin"})
    void orinModulesByBoardId(String board, String model, int cpus, long memKb, String expected) throws IOException {
        HostFacts facts = orin(board, model, cpus, memKb).facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo(expected);
        assertThat(choice.reasons()).anyMatch(r -> r.contains("nvidia,tegra234"))
                .anyMatch(r -> r.contains(board.substring(board.indexOf('+') + 1)) && r.contains(expected))
                .anyMatch(r -> r.contains("L4T 36.4.3 = JetPack 6.2"));
        assertThat(facts.cpuCount()).isEqualTo(cpus);
        assertThat(facts.memTotalMb()).isEqualTo(memKb / 1024);
    }

    @ParameterizedTest
    @CsvSource({
            "NVIDIA Jetson Orin Nano Developer Kit, jetson-orin-nano",
            "NVIDIA Jetson Orin NX Engineering Reference Developer Kit, jetson-orin-nx",
            "Jetson AGX Orin, jetson-agx-orin"})
    void orinModuleByModelWhenNoBoardId(String model, String expected) throws IOException {
        HostFacts facts = new FakeTree(dir).compatible("nvidia,tegra234").model(model).l4t("R36", "4.3")
                .facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo(expected);
        assertThat(choice.reasons()).anyMatch(r -> r.contains("model") && r.contains(model));
    }

    @Test
    void unrecognisedOrinGetsTheSmallestOrinProfileWithAWarning() throws IOException {
        HostFacts facts = new FakeTree(dir).compatible("nvidia,p9999-0000+p3767-0009", "nvidia,tegra234")
                .model("Custom carrier").facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("jetson-orin-nano");
        assertThat(choice.warnings()).anyMatch(w -> w.contains("p3767-0009"))
                .anyMatch(w -> w.contains("not recognised"))
                .anyMatch(w -> w.contains("nv_tegra_release") && w.contains("JetPack 6 assumed"));
    }

    @Test
    void orinOnJetPack5GetsGenericArm64AndTheGlibcWarning() throws IOException {
        HostFacts facts = new FakeTree(dir).compatible("nvidia,p3737-0000+p3701-0005", "nvidia,tegra234")
                .model("Jetson AGX Orin").l4t("R35", "4.1").facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("generic-linux-arm64");
        assertThat(choice.warnings()).anyMatch(w -> w.contains("L4T 35.4.1") && w.contains("glibc")
                && w.contains("2.34") && w.contains("JetPack 6"));
    }

    @ParameterizedTest
    @CsvSource({"nvidia,tegra194, NVIDIA Jetson Xavier NX Developer Kit, R35, 5.0",
            "nvidia,tegra210, NVIDIA Jetson Nano Developer Kit, R32, 7.4"})
    void olderJetsonsGetGenericArm64AndTheGlibcWarning(String vendor, String soc, String model, String release,
                                                       String revision) throws IOException {
        HostFacts facts = new FakeTree(dir).compatible(vendor + "," + soc).model(model).l4t(release, revision)
                .facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("generic-linux-arm64");
        assertThat(choice.warnings()).anyMatch(w -> w.contains(soc) && w.contains("glibc older than 2.34"));
    }

    @Test
    void unknownArm64BoardGetsGenericArm64WithAWarning() throws IOException {
        HostFacts facts = new FakeTree(dir).compatible("raspberrypi,5-model-b", "brcm,bcm2712")
                .model("Raspberry Pi 5 Model B Rev 1.0").cpus(4).memory(8_000_000).facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("generic-linux-arm64");
        assertThat(choice.reasons()).containsExactly("architecture aarch64");
        assertThat(choice.warnings()).anyMatch(w -> w.contains("Raspberry Pi 5") && w.contains("no built-in"));
    }

    @Test
    void pcWithoutDeviceTreeGetsGenericX86WithAWarning() {
        HostFacts facts = HostFacts.read(dir, "x86_64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("generic-linux-x86_64");
        assertThat(facts.compatible()).isEmpty();
        assertThat(facts.cpuCount()).isZero();
        assertThat(choice.warnings()).anyMatch(w -> w.contains("model: none"));
    }

    @Test
    void pcWithProcFactsGetsGenericX86AndReportsTheFacts() throws IOException {
        HostFacts facts = new FakeTree(dir).cpus(8).memory(16_000_000).facts("amd64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.profile().id()).isEqualTo("generic-linux-x86_64");
        assertThat(facts.cpuCount()).isEqualTo(8);
        assertThat(facts.memTotalMb()).isEqualTo(16_000_000 / 1024);
        assertThat(choice.warnings()).anyMatch(w -> w.contains("no built-in") || w.contains("model: none"));
    }

    @Test
    void armBoardWithoutDeviceTreeGetsGenericArm64() {
        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, HostFacts.read(dir, "aarch64"));

        assertThat(choice.profile().id()).isEqualTo("generic-linux-arm64");
        assertThat(choice.reasons()).anyMatch(r -> r.contains("aarch64"));
    }

    @Test
    void unsupportedArchitectureIsAnError() {
        assertThatThrownBy(() -> ProfileDetector.detect(HostFacts.read(dir, "riscv64")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("riscv64").hasMessageContaining("amd64");
    }

    @Test
    void memoryBudgetAboveHalfTheMachineIsWarnedAbout() throws IOException {
        HostFacts facts = orin("p3768-0000+p3767-0004", "Orin Nano 4GB", 6, 2_000_000).facts("aarch64");

        ProfileChoice choice = ProfileLoader.choose(ProfileRequest.AUTO, facts);

        assertThat(choice.warnings()).anyMatch(w -> w.contains("memory_limit_mb 1536") && w.contains("1953 MiB"));
    }

    @Test
    void profileThreadsThatWouldTakeEveryCpuLeaveOneForCapture() throws IOException {
        HostFacts nx8 = orin("p3768-0000+p3767-0001", "NVIDIA Jetson Orin NX 8GB", 6, 7_802_000).facts("aarch64");
        HostFacts nx16 = orin("p3768-0000+p3767-0000", "NVIDIA Jetson Orin NX 16GB", 8, 15_650_000).facts("aarch64");

        ProfileChoice six = ProfileLoader.choose(ProfileRequest.AUTO, nx8);
        assertThat(six.profile().inferenceThreads()).isEqualTo(5);
        assertThat(six.reasons()).anyMatch(r -> r.contains("inference_threads 6 would take all 6 CPUs: using 5"));
        assertThat(six.warnings()).isEmpty();
        ProfileChoice eight = ProfileLoader.choose(ProfileRequest.AUTO, nx16);
        assertThat(eight.profile().inferenceThreads()).isEqualTo(6);
        assertThat(eight.warnings()).isEmpty();
    }

    @Test
    void threadsTheStationConfigAsksForAreKeptAndWarnedAbout() throws IOException {
        HostFacts nx8 = orin("p3768-0000+p3767-0001", "NVIDIA Jetson Orin NX 8GB", 6, 7_802_000).facts("aarch64");
        ProfileRequest request = ProfileRequest.fromConfig(
                ProfileLoader.YAML.readTree("{\"id\": \"auto\", \"inference_threads\": 6}"));

        ProfileChoice choice = ProfileLoader.choose(request, nx8);

        assertThat(choice.profile().inferenceThreads()).isEqualTo(6);
        assertThat(choice.warnings()).anyMatch(w -> w.contains("inference_threads 6 (station config) uses all 6 CPUs"));
    }

    @ParameterizedTest
    @CsvSource({"'# R36 (release), REVISION: 4.3, GCID: 1', 36.4.3, 6.2, true",
            "'# R36 (release), REVISION: 4.0, GCID: 1', 36.4.0, 6.1, true",
            "'# R36 (release), REVISION: 5.1', 36.5.1, 6.x, true",
            "'# R35 (release), REVISION: 6.0', 35.6.0, 5.x, false",
            "'# R32 (release), REVISION: 7.4', 32.7.4, 4.x, false"})
    void l4tReleaseLines(String line, String version, String jetpack, boolean six) {
        L4tRelease r = L4tRelease.parse(line).orElseThrow();
        assertThat(r.version()).isEqualTo(version);
        assertThat(r.jetpack()).isEqualTo(jetpack);
        assertThat(r.jetpack6OrNewer()).isEqualTo(six);
    }

    @Test
    void garbledReleaseFileIsAnAbsentFact() {
        assertThat(L4tRelease.parse("R36 something")).isEmpty();
        assertThat(L4tRelease.parse("")).isEmpty();
    }
}
