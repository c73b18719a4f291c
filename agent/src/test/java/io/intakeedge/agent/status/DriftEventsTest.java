package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftEventsTest {
    private static StationHealth.Drift window(int minute, String status, double brightnessPsi) {
        return new StationHealth.Drift(Instant.parse("2026-12-01T10:00:00Z"),
                Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * minute), 300, status,
                List.of(new StationHealth.FeatureLine("brightness", brightnessPsi, status),
                        new StationHealth.FeatureLine("blur_score", 0.01, "ok")));
    }

    @Test
    void eachNewWindowThatIsNotOkIsOneEventAndTheReturnToOkAnother() {
        EventLog log = new EventLog(100, Clock.systemUTC());
        DriftEvents events = new DriftEvents(log);
        events.observe(null);
        events.observe(window(1, "ok", 0.02));
        events.observe(window(2, "critical", 0.31));
        events.observe(window(2, "critical", 0.31)); // the same window seen on the next tick
        events.observe(window(3, "warning", 0.15));
        events.observe(window(4, "ok", 0.03));
        events.observe(window(5, "ok", 0.03));
        var all = log.since(0, 100);
        assertThat(all).extracting(StationEvent::kind).containsExactly("drift_critical", "drift_warning", "drift_ok");
        assertThat(all.get(0).severity()).isEqualTo("error");
        assertThat(all.get(0).message()).contains("brightness PSI 0.310").doesNotContain("blur_score");
    }
}
