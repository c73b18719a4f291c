package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceProfileTest {

    static DeviceProfile profile(String id, int width, int memoryMb, int diskMb) {
        return new DeviceProfile(id, "", "amd64", 2, List.of("xnnpack", "cpu"), width, 480, 15, null, 224, 200,
                memoryMb, Math.min(memoryMb - 1, 128), diskMb, 512, 1024,
                List.of(new DeviceProfile.ThermalZone("cpu-thermal", 80, 90)));
    }

    @Test
    void rejectsBadIdAndOutOfRangeValues() {
        assertThatThrownBy(() -> profile("Bad Id", 640, 512, 10))
                .isInstanceOf(ProfileException.class).hasMessageContaining("id: must be");
        assertThatThrownBy(() -> profile("ok", 32, 64, 10))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("capture_width: must be in 64..8192 (got 32)")
                .hasMessageContaining("memory_limit_mb: must be in 128..1048576 (got 64)");
    }

    @Test
    void nullDescriptionPipelinesAndZonesGetDefaults() {
        DeviceProfile p = new DeviceProfile("ok", null, "aarch64", 1, List.of("cpu"), 640, 480, 1, null, 224, 1, 128,
                64, 0, 16, 0, null);
        assertThat(p.description()).isEmpty();
        assertThat(p.cameraPipelines()).isEqualTo(DeviceProfile.CameraPipelines.DEFAULT);
        assertThat(p.thermalZones()).isEmpty();
        assertThat(p.useXnnpack()).isFalse();
    }

    @Test
    void externalDelegateNeedsAnAbsolutePathAndACpuFallback() {
        List<String> delegate = List.of("delegate:/usr/lib/libvx_delegate.so", "xnnpack");
        assertThat(new DeviceProfile("ok", "", "aarch64", 1, delegate, 640, 480, 1, null, 224, 1, 128, 64, 0, 16, 0,
                null).accelerators()).isEqualTo(delegate);
        assertThatThrownBy(() -> new DeviceProfile("ok", "", "aarch64", 1, List.of("delegate:lib.so", "cpu"), 640,
                480, 1, null, 224, 1, 128, 64, 0, 16, 0, null))
                .hasMessageContaining("accelerators[0]: must be one of");
    }
}
