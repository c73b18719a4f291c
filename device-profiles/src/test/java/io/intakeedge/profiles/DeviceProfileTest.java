package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceProfileTest {

    @Test
    void rejectsBadIdAndOutOfRangeValues() {
        assertThatThrownBy(() -> new DeviceProfile("Bad Id", "", "amd64", 2, true, 640, 480, 15, 200, 512, 10))
                .isInstanceOf(ProfileException.class).hasMessageContaining("id must be");
        assertThatThrownBy(() -> new DeviceProfile("ok", "", "amd64", 2, true, 32, 480, 15, 200, 64, 10))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("capture_width must be in 64..8192 (got 32)")
                .hasMessageContaining("memory_limit_mb must be in 128..1048576 (got 64)");
    }

    @Test
    void nullDescriptionBecomesEmpty() {
        assertThat(new DeviceProfile("ok", null, "aarch64", 1, false, 640, 480, 1, 1, 128, 0).description())
                .isEmpty();
    }
}
