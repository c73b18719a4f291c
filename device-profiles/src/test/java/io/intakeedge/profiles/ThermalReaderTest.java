package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThermalReaderTest {

    @TempDir
    Path dir;

    /** Orin's zones as JetPack 6 lists them; cv0 has no readable temp (power-gated), zone10 sorts after zone9. */
    private FakeTree orinZones(String cpuMilli) throws IOException {
        FakeTree tree = new FakeTree(dir).zone(0, "cpu-thermal", cpuMilli).zone(1, "gpu-thermal", "48531")
                .zone(2, "cv0-thermal", null).zone(9, "soc2-thermal", "47000").zone(10, "tj-thermal", "50062");
        // a directory for temp makes reading it fail with an I/O error, like the kernel's -EIO
        Files.createDirectories(dir.resolve("sys/class/thermal/thermal_zone2/temp"));
        return tree;
    }

    @Test
    void readsEveryZoneAndKeepsUnreadableOnesWithTheReason() throws IOException {
        orinZones("51250");

        List<ThermalReader.Reading> zones = new ThermalReader(dir).read();

        assertThat(zones).extracting(ThermalReader.Reading::zone)
                .containsExactly("thermal_zone0", "thermal_zone1", "thermal_zone2", "thermal_zone9", "thermal_zone10");
        assertThat(zones.get(0).celsius()).isEqualTo(51.25);
        assertThat(zones.get(4).celsius()).isEqualTo(50.062);
        assertThat(zones.get(2).readable()).isFalse();
        assertThat(zones.get(2).type()).isEqualTo("cv0-thermal");
        assertThat(zones.get(2).error()).contains("temp unreadable");
    }

    @Test
    void garbageTemperatureIsReportedNotDropped() throws IOException {
        new FakeTree(dir).zone(0, "cpu-thermal", "hot");

        ThermalReader.Reading r = new ThermalReader(dir).read().get(0);

        assertThat(r.readable()).isFalse();
        assertThat(r.error()).contains("not millidegrees");
    }

    @Test
    void noThermalDirectoryMeansNoZones() {
        assertThat(new ThermalReader(dir).read()).isEmpty();
    }

    @Test
    void guardReportsEachProfileZoneAgainstItsThresholds() throws IOException {
        orinZones("88500");
        DeviceProfile nano = ProfileLoader.byId("jetson-orin-nano");

        ResourceStatus status = new ResourceGuard(nano, new ThermalReader(dir))
                .check(dir, new ResourceGuard.HeapUsage(100L << 20, 400L << 20));

        assertThat(status.thermal()).extracting(ThermalState::type, ThermalState::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cpu-thermal", "throttle"),
                org.assertj.core.groups.Tuple.tuple("gpu-thermal", "ok"),
                org.assertj.core.groups.Tuple.tuple("soc0-thermal", "absent"),
                org.assertj.core.groups.Tuple.tuple("tj-thermal", "ok"),
                org.assertj.core.groups.Tuple.tuple("cv0-thermal", "unreadable"));
        assertThat(status.problems()).hasSize(1).first().asString()
                .contains("cpu-thermal").contains("88.5").contains("throttle");
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void criticalAtTheThresholdAndHealthyWhenCool() throws IOException {
        DeviceProfile nano = ProfileLoader.byId("jetson-orin-nano");
        double critical = nano.thermalZones().get(0).criticalC();
        orinZones(String.valueOf((long) (critical * 1000)));
        ResourceGuard guard = new ResourceGuard(nano, new ThermalReader(dir));
        ResourceGuard.HeapUsage heap = new ResourceGuard.HeapUsage(100L << 20, 400L << 20);

        assertThat(guard.check(dir, heap).thermal().get(0).state()).isEqualTo("critical");

        orinZones("40000");
        ResourceStatus cool = guard.check(dir, heap);
        assertThat(cool.thermal()).noneMatch(ThermalState::hot);
        assertThat(cool.healthy()).as(cool.problems().toString()).isTrue();
    }
}
