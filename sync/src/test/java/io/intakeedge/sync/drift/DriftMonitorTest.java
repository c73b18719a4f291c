package io.intakeedge.sync.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftMonitorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DriftSettings SETTINGS = DriftSettings.defaults();

    /** A known-good week, condensed: 5000 daylight frames. */
    private static final ReferenceProfile REFERENCE = new ReferenceProfileBuilder("test daylight", "DriftMonitorTest")
            .addAll(Frames.daylight("cam-1", T0.minus(Duration.ofDays(7)), 5000, 1))
            .build(T0.minus(Duration.ofDays(1)));

    @Test
    void identicalDistributionGivesZeroPsiAndOk() {
        List<DriftObservation> frames = Frames.daylight("cam-1", T0, 500, 7);
        ReferenceProfile sameFrames = new ReferenceProfileBuilder("same", "test").addAll(frames).build(T0);
        DriftWindow w = feed(new DriftMonitor(SETTINGS, Optional.of(sameFrames), DriftWindowListener.NONE), frames);

        assertThat(w.status()).isEqualTo(DriftStatus.OK);
        assertThat(w.maxPsi().getAsDouble()).isCloseTo(0.0, within(1e-12));
        assertThat(w.isAlert()).isFalse();
    }

    @Test
    void freshDaylightSampleAgainstDaylightReferenceIsOk() {
        DriftWindow w = feed(monitor(), Frames.daylight("cam-1", T0, 500, 99));

        assertThat(w.status()).isEqualTo(DriftStatus.OK);
        assertThat(w.maxPsi().getAsDouble()).isLessThan(0.1);
        assertThat(w.features().values()).allSatisfy(f -> assertThat(f.status()).isEqualTo(DriftStatus.OK));
    }

    @Test
    void winterLightingDarkerFramesIsCriticalAndRaisesAnAlert() throws Exception {
        DriftWindow w = feed(monitor(), Frames.winter("cam-1", T0, 500, 3));

        assertThat(w.status()).isEqualTo(DriftStatus.CRITICAL);
        assertThat(w.isAlert()).isTrue();
        assertThat(w.feature(DriftFeature.BRIGHTNESS).status()).isEqualTo(DriftStatus.CRITICAL);
        assertThat(w.feature(DriftFeature.BRIGHTNESS).psi().getAsDouble()).isGreaterThan(0.2);
        assertThat(w.criticalFeatures()).contains(DriftFeature.BRIGHTNESS, DriftFeature.GATE_REASON);
        // blur did not change with the lighting
        assertThat(w.feature(DriftFeature.BLUR_SCORE).status()).isEqualTo(DriftStatus.OK);
        // most dark frames failed the gate and have no score: too few scores to judge that feature
        assertThat(w.scored()).isLessThan(SETTINGS.minSamples());
        assertThat(w.feature(DriftFeature.SCORE).status()).isEqualTo(DriftStatus.INSUFFICIENT_SAMPLES);
        assertThat(w.feature(DriftFeature.SCORE).psi()).isEmpty();
        assertThat(w.gateReasons().get("too_dark")).isEqualTo(w.count() - w.scored());

        JsonNode alert = JSON.readTree(DriftWindowJson.alertEvent(w));
        assertThat(alert.get("type").asText()).isEqualTo("drift_critical");
        assertThat(alert.get("camera").asText()).isEqualTo("cam-1");
        assertThat(alert.get("features").get("brightness").asDouble())
                .isEqualTo(w.feature(DriftFeature.BRIGHTNESS).psi().getAsDouble());
    }

    @Test
    void smallWindowIsInsufficientAndRaisesNoAlertEvenWhenShifted() {
        DriftMonitor monitor = monitor();
        Frames.winter("cam-1", T0, 100, 3).forEach(o -> assertThat(monitor.observe(o)).isEmpty());
        List<DriftWindow> closed = monitor.closeExpired(T0.plus(Duration.ofMinutes(20)));

        assertThat(closed).hasSize(1);
        DriftWindow w = closed.get(0);
        assertThat(w.count()).isEqualTo(100);
        assertThat(w.closedBy()).isEqualTo(WindowClose.TIME);
        assertThat(w.status()).isEqualTo(DriftStatus.INSUFFICIENT_SAMPLES);
        assertThat(w.isAlert()).isFalse();
        assertThat(w.maxPsi()).isEmpty();
    }

    @Test
    void countLimitClosesTheWindowOnItsLastObservation() {
        DriftMonitor monitor = monitor();
        List<DriftObservation> frames = Frames.daylight("cam-1", T0, 501, 5);
        for (int i = 0; i < 499; i++) {
            assertThat(monitor.observe(frames.get(i))).isEmpty();
        }
        List<DriftWindow> closed = monitor.observe(frames.get(499));

        assertThat(closed).singleElement().satisfies(w -> {
            assertThat(w.closedBy()).isEqualTo(WindowClose.COUNT);
            assertThat(w.count()).isEqualTo(500);
            assertThat(w.start()).isEqualTo(T0);
            assertThat(w.end()).isEqualTo(frames.get(499).time());
        });
        // the 501st frame opens a fresh window
        assertThat(monitor.observe(frames.get(500))).isEmpty();
        assertThat(monitor.flush()).singleElement().satisfies(w -> {
            assertThat(w.count()).isEqualTo(1);
            assertThat(w.closedBy()).isEqualTo(WindowClose.FLUSH);
        });
    }

    @Test
    void timeLimitClosesTheWindowWhenALaterFrameArrives() {
        DriftMonitor monitor = monitor();
        List<DriftObservation> frames = Frames.daylight("cam-1", T0, 300, 5);
        frames.forEach(o -> assertThat(monitor.observe(o)).isEmpty());
        DriftObservation late = Frames.daylight("cam-1", T0.plus(Duration.ofMinutes(15)), 1, 6).get(0);

        List<DriftWindow> closed = monitor.observe(late);

        assertThat(closed).singleElement().satisfies(w -> {
            assertThat(w.closedBy()).isEqualTo(WindowClose.TIME);
            assertThat(w.count()).isEqualTo(300);
            assertThat(w.end()).isEqualTo(frames.get(299).time());
            // 300 >= 200 samples: judged
            assertThat(w.status()).isEqualTo(DriftStatus.OK);
        });
        assertThat(monitor.flush()).singleElement().satisfies(w -> assertThat(w.start()).isEqualTo(late.time()));
    }

    @Test
    void closeExpiredLeavesYoungWindowsOpen() {
        DriftMonitor monitor = monitor();
        Frames.daylight("cam-1", T0, 10, 5).forEach(monitor::observe);
        assertThat(monitor.closeExpired(T0.plus(Duration.ofMinutes(14)))).isEmpty();
        assertThat(monitor.closeExpired(T0.plus(Duration.ofMinutes(15)))).hasSize(1);
        assertThat(monitor.flush()).isEmpty();
    }

    @Test
    void withoutReferenceTheWindowSaysSo() throws Exception {
        DriftWindow w = feed(new DriftMonitor(SETTINGS, Optional.empty(), DriftWindowListener.NONE),
                Frames.winter("cam-1", T0, 500, 3));

        assertThat(w.status()).isEqualTo(DriftStatus.NO_REFERENCE);
        assertThat(w.reference()).isEmpty();
        assertThat(w.isAlert()).isFalse();
        assertThat(w.features().values()).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(DriftStatus.NO_REFERENCE);
            assertThat(f.psi()).isEmpty();
        });
        JsonNode payload = JSON.readTree(DriftWindowJson.write(w));
        assertThat(payload.get("reference").asText()).isEqualTo("none");
        assertThat(payload.get("status").asText()).isEqualTo("no_reference");
        assertThat(payload.get("max_psi").isNull()).isTrue();
        // the histograms are still reported: they are what a reference could later be built from
        assertThat(payload.get("features").get("brightness").get("counts")).hasSize(10);
    }

    @Test
    void camerasHaveSeparateWindowsAndReferenceChangeClosesThem() {
        List<DriftWindow> heard = new ArrayList<>();
        DriftMonitor monitor = new DriftMonitor(SETTINGS, Optional.empty(), heard::add);
        Frames.daylight("cam-1", T0, 30, 1).forEach(monitor::observe);
        Frames.daylight("cam-2", T0, 20, 2).forEach(monitor::observe);

        List<DriftWindow> closed = monitor.replaceReference(Optional.of(REFERENCE));

        assertThat(closed).extracting(DriftWindow::cameraId, DriftWindow::count, DriftWindow::closedBy)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cam-1", 30L, WindowClose.REFERENCE_CHANGE),
                        org.assertj.core.groups.Tuple.tuple("cam-2", 20L, WindowClose.REFERENCE_CHANGE));
        assertThat(closed).allSatisfy(w -> assertThat(w.status()).isEqualTo(DriftStatus.NO_REFERENCE));
        assertThat(heard).containsExactlyInAnyOrderElementsOf(closed);
        assertThat(monitor.reference()).contains(REFERENCE);
    }

    @Test
    void concurrentObserversLoseNoObservation() throws Exception {
        List<DriftWindow> heard = Collections.synchronizedList(new ArrayList<>());
        // two threads replay the same time span per camera, so frame times jump back and forth; a 15-minute window
        // could then close by time depending on scheduling. Count windows only here: time closing is tested above.
        DriftSettings countOnly = new DriftSettings(Duration.ofDays(1), SETTINGS.windowMaxCount(),
                SETTINGS.minSamples(), SETTINGS.warningPsi(), SETTINGS.criticalPsi());
        DriftMonitor monitor = new DriftMonitor(countOnly, Optional.of(REFERENCE), heard::add);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                // two threads per camera, interleaving in the same windows
                List<DriftObservation> frames = Frames.daylight("cam-" + (t % 2), T0, 1500, t);
                jobs.add(pool.submit(() -> frames.forEach(monitor::observe)));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdownNow();
        }
        monitor.flush();

        assertThat(heard.stream().mapToLong(DriftWindow::count).sum()).isEqualTo(4 * 1500);
        assertThat(heard.stream().filter(w -> w.closedBy() == WindowClose.COUNT)).hasSize(12)
                .allSatisfy(w -> assertThat(w.count()).isEqualTo(500));
        assertThat(heard.stream().filter(w -> w.closedBy() == WindowClose.COUNT))
                .allSatisfy(w -> assertThat(w.features().get(DriftFeature.ROUTE).histogram().total())
                        .isEqualTo(500));
    }

    private static DriftMonitor monitor() {
        return new DriftMonitor(SETTINGS, Optional.of(REFERENCE), DriftWindowListener.NONE);
    }

    /** Feeds exactly one window's worth of frames and returns the window the last one closed. */
    private static DriftWindow feed(DriftMonitor monitor, List<DriftObservation> frames) {
        List<DriftWindow> closed = new ArrayList<>();
        frames.forEach(o -> closed.addAll(monitor.observe(o)));
        assertThat(closed).hasSize(1);
        return closed.get(0);
    }
}
