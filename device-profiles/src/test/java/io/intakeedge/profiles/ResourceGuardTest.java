package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceGuardTest {

    private static final long MIB = 1024L * 1024L;

    @TempDir
    Path dataDir;

    @Test
    void healthyWhenDiskAndHeapFitTheProfile() {
        ResourceStatus status = guard(profile(512, 1))
                .check(dataDir, new ResourceGuard.HeapUsage(100 * MIB, 400 * MIB));
        assertThat(status.healthy()).as(status.problems().toString()).isTrue();
        assertThat(status.freeDiskMb()).isGreaterThanOrEqualTo(1);
        assertThat(status.usedHeapMb()).isEqualTo(100);
        assertThat(status.availableHeapMb()).isEqualTo(300);
        assertThat(status.profileId()).isEqualTo("test");
    }

    @Test
    void tooLittleFreeDiskIsReported() {
        // no disk on this machine has 10 TiB free
        ResourceStatus status = guard(profile(512, 10_000_000))
                .check(dataDir, new ResourceGuard.HeapUsage(100 * MIB, 400 * MIB));
        assertThat(status.healthy()).isFalse();
        assertThat(status.problems()).singleElement().asString()
                .contains("asks for at least 10000000 MiB").contains(dataDir.toString());
    }

    @Test
    void heapAboveProfileLimitAndNearlyFullHeapAreReported() {
        ResourceStatus status = guard(profile(256, 1))
                .check(dataDir, new ResourceGuard.HeapUsage(390 * MIB, 400 * MIB));
        assertThat(status.problems()).hasSize(2);
        assertThat(status.problems().get(0)).contains("400 MiB exceeds").contains("256 MiB");
        assertThat(status.problems().get(1)).contains("heap nearly full: 390 of 400 MiB");
    }

    @Test
    void missingDataDirIsReportedNotThrown() {
        ResourceStatus status = guard(profile(512, 1)).check(dataDir.resolve("gone"));
        assertThat(status.freeDiskMb()).isEqualTo(-1);
        assertThat(status.problems()).anyMatch(p -> p.contains("does not exist"));
    }

    /** A guard reading thermal zones from the empty test directory: only disk and heap count here. */
    private ResourceGuard guard(DeviceProfile profile) {
        return new ResourceGuard(profile, new ThermalReader(dataDir));
    }

    private static DeviceProfile profile(int memoryMb, int diskMb) {
        return DeviceProfileTest.profile("test", 640, memoryMb, diskMb);
    }
}
