package io.intakeedge.sync.drift;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What drift monitoring costs per frame on the agent: observe() throughput, and the cost of closing (judging) a
 * 500-observation window and serialising it. Run with
 * {@code mvn -o -pl sync -am test -Dtest=DriftMonitorBenchmark -Dgroups=benchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class DriftMonitorBenchmark {

    @Test
    void observeAndCloseCost() {
        ReferenceProfile reference = new ReferenceProfileBuilder("daylight", "benchmark")
                .addAll(Frames.daylight("cam-1", T0.minus(Duration.ofDays(1)), 5000, 1)).build(T0);
        List<DriftObservation> frames = Frames.daylight("cam-1", T0, 200_000, 2);
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), Optional.of(reference),
                DriftWindowListener.NONE);
        frames.subList(0, 50_000).forEach(monitor::observe); // warm-up

        long windows = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        for (DriftObservation o : frames) {
            for (DriftWindow w : monitor.observe(o)) {
                windows++;
                bytes += DriftWindowJson.write(w).length();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(windows).isEqualTo(400);
        System.out.printf("drift observe+close+json: %d frames in %.3f s = %.0f frames/s; %d windows, "
                + "%.1f us per frame, payload %d bytes/window%n", frames.size(), seconds, frames.size() / seconds,
                windows, seconds * 1e6 / frames.size(), bytes / windows);
    }
}
