package io.intakeedge.agent.calibration;

import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.Box;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationSamplerTest {
    private static final Box BOX = new Box(4, 4, 30, 28);
    private static final Instant DAY1 = Instant.parse("2026-11-20T10:00:00Z");
    private static Mat frame;

    @BeforeAll
    static void frame() {
        frame = ToolFixtures.parcelImage(new Random(1), true, 1.0);
    }

    @AfterAll
    static void release() {
        frame.release();
    }

    @Test
    void keepsAboutTheFractionOfGatePassedFramesAndNoOthers(@TempDir Path dir) throws Exception {
        CalibrationSampler sampler = new CalibrationSampler(dir, 0.5, 1000);
        List<Path> kept = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sampler.offer(ToolFixtures.trace(DAY1, "camA", true, 0.2f, BOX), frame).ifPresent(kept::add);
        }
        for (int i = 0; i < 50; i++) {
            Trace failed = ToolFixtures.trace(DAY1, "camA", false, 0f, BOX);
            assertThat(sampler.offer(failed, frame)).isEmpty();
        }
        assertThat(kept.size()).isBetween(70, 130).isEqualTo(sampler.size());
        assertThat(kept).allSatisfy(p -> {
            assertThat(p.getParent().getFileName().toString()).isEqualTo("2026-11-20");
            Mat back = Imgcodecs.imread(p.toString());
            assertThat(back.size()).isEqualTo(frame.size());
            back.release();
        });
        assertThat(countFiles(dir)).isEqualTo(kept.size());
    }

    @Test
    void theSameTraceIsAlwaysDecidedTheSameWay(@TempDir Path dir) throws Exception {
        CalibrationSampler a = new CalibrationSampler(dir.resolve("a"), 0.3, 10);
        CalibrationSampler b = new CalibrationSampler(dir.resolve("b"), 0.3, 10);
        for (int i = 0; i < 100; i++) {
            Trace t = ToolFixtures.trace(DAY1, "camA", true, 0.2f, BOX);
            assertThat(a.wants(t)).isEqualTo(b.wants(t));
        }
        assertThat(new CalibrationSampler(dir.resolve("c"), 0, 10)
                .offer(ToolFixtures.trace(DAY1, "camA", true, 0.2f, BOX), frame)).isEmpty();
    }

    @Test
    void boundedCountDeletesTheOldestAlsoAfterARestart(@TempDir Path dir) throws Exception {
        CalibrationSampler sampler = new CalibrationSampler(dir, 1.0, 5);
        List<Path> written = new ArrayList<>();
        for (int day = 0; day < 8; day++) {
            Optional<Path> p = sampler.offer(ToolFixtures.trace(DAY1.plus(Duration.ofDays(day)), "camA", true, 0.2f,
                    BOX), frame);
            written.add(p.orElseThrow());
        }
        assertThat(sampler.size()).isEqualTo(5);
        assertThat(written.subList(0, 3)).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(written.subList(3, 8)).allSatisfy(p -> assertThat(p).exists());
        assertThat(dir.resolve("2026-11-20")).doesNotExist(); // emptied day folders go too

        CalibrationSampler restarted = new CalibrationSampler(dir, 1.0, 3);
        assertThat(restarted.size()).isEqualTo(3);
        assertThat(written.subList(3, 5)).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(written.subList(5, 8)).allSatisfy(p -> assertThat(p).exists());
    }

    @Test
    void rejectsNonsenseSettings(@TempDir Path dir) {
        assertThatThrownBy(() -> new CalibrationSampler(dir, 1.5, 10)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new CalibrationSampler(dir, 0.1, 0)).hasMessageContaining(">= 1");
    }

    private static long countFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
