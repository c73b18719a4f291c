package io.intakeedge.sync.drift;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftObservationTest {

    @Test
    void outOfRangeOrMissingValuesAreRejectedByName() {
        assertThatThrownBy(() -> DriftObservation.scored("cam-1", T0, 1.2, 0.1, 0, 0, 0.5, "normal_review"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("brightness must be within 0..1 but was 1.2");
        assertThatThrownBy(() -> DriftObservation.scored("cam-1", T0, 0.5, Double.NaN, 0, 0, 0.5, "normal_review"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blurScore");
        assertThatThrownBy(() -> DriftObservation.scored("cam-1", T0, 0.5, 0.1, 0, 0, -0.1, "normal_review"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
        assertThatThrownBy(() -> DriftObservation.scored(" ", T0, 0.5, 0.1, 0, 0, 0.5, "normal_review"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cameraId");
        assertThatThrownBy(() -> new DriftObservation("cam-1", T0, 0.5, 0.1, 0, 0, null, "manual_intake", List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("OptionalDouble.empty()");
    }

    @Test
    void unknownRoutesAndReasonsCountAsOtherButKeepTheirRawNames() {
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), java.util.Optional.empty(),
                DriftWindowListener.NONE);
        monitor.observe(new DriftObservation("cam-1", T0, 0.5, 0.1, 0, 0, OptionalDouble.empty(), "future_route",
                List.of("lens_fogged")));
        DriftWindow w = monitor.flush().get(0);

        assertThat(w.feature(DriftFeature.ROUTE).histogram().counts()).containsExactly(0L, 0L, 0L, 0L, 1L);
        assertThat(w.feature(DriftFeature.GATE_REASON).histogram().counts())
                .containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 1L);
        assertThat(w.routes()).containsEntry("future_route", 1L);
        assertThat(w.gateReasons()).containsEntry("lens_fogged", 1L);
    }
}
