package io.intakeedge.agent.calibration;

import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export from a real H2 trace store with sampler JPEGs and evidence JPEGs on disk. */
class CalibrationExportTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void exportsASeededSampleOfAcceptedFramesWithTheirTraceFacts(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Map<UUID, Trace> accepted = new HashMap<>();
        try (AgentDatabase db = AgentDatabase.open(data)) {
            TraceStore store = new TraceStore(db);
            CalibrationSampler sampler = new CalibrationSampler(CalibrationSampler.dirIn(data), 1.0, 100);
            EvidenceStore evidence = new EvidenceStore(data.resolve("evidence"), 0);
            Random r = new Random(9);
            for (int i = 0; i < 10; i++) {
                Trace t = ToolFixtures.trace(NOW.minusSeconds(100 - i), i % 2 == 0 ? "camA" : "camB", true, 0.2f,
                        new Box(2 + i, 3, 30, 28));
                Mat image = ToolFixtures.parcelImage(r, false, 1.0);
                store.store(t);
                assertThat(sampler.offer(t, image)).isPresent();
                image.release();
                accepted.put(t.traceId(), t);
            }
            for (int i = 0; i < 3; i++) { // priority review keeps evidence; never sampled here
                Mat image = ToolFixtures.parcelImage(r, true, 1.0);
                Trace t = evidence.keep(ToolFixtures.trace(NOW.minusSeconds(50 - i), "camA", true, 0.9f,
                        new Box(1, 1, 30, 30)), image);
                image.release();
                assertThat(t.route()).isEqualTo(Route.PRIORITY_DAMAGE_REVIEW);
                store.store(t);
                accepted.put(t.traceId(), t);
            }
            for (int i = 0; i < 2; i++) { // a retake keeps evidence but its gate failed: not calibration material
                Mat image = ToolFixtures.parcelImage(r, true, 1.0);
                Trace t = evidence.keep(ToolFixtures.trace(NOW.minusSeconds(30 - i), "camA", false, 0f,
                        new Box(1, 1, 30, 30)), image);
                image.release();
                assertThat(t.evidencePath()).isNotNull();
                store.store(t);
            }
            Files.copy(sampler.dir().resolve("2026-11-23").toFile().listFiles()[0].toPath(),
                    sampler.dir().resolve("2026-11-23").resolve(UUID.randomUUID() + ".jpg")); // no trace for it

            CalibrationExport export = new CalibrationExport(data, db, CLOCK);
            CalibrationExport.Result result = export.export(tmp.resolve("set1"), 8, 42);

            assertThat(result.candidates()).isEqualTo(14);
            assertThat(result.manifest().frames()).hasSize(8);
            assertThat(result.manifest().exportedAt()).isEqualTo(NOW);
            for (CalibrationManifest.Frame f : result.manifest().frames()) {
                Trace t = accepted.get(f.traceId());
                assertThat(t).as("exported trace %s was accepted", f.traceId()).isNotNull();
                assertThat(f.file()).isEqualTo(t.route().code() + "/" + t.traceId() + ".jpg");
                assertThat(tmp.resolve("set1").resolve(f.file())).isRegularFile();
                assertThat(f.camera()).isEqualTo(t.cameraId());
                assertThat(f.box()).isEqualTo(t.quality().parcelBox().orElseThrow());
                assertThat(f.score()).isEqualTo(t.positiveScore());
                assertThat(f.brightness()).isEqualTo(0.55);
                assertThat(f.capturedAt()).isEqualTo(t.capturedAt());
            }
            assertThat(CalibrationManifest.readFrom(tmp.resolve("set1"))).contains(result.manifest());

            Set<UUID> again = ids(export.export(tmp.resolve("set2"), 8, 42));
            assertThat(again).isEqualTo(ids(result));
            assertThat(ids(export.export(tmp.resolve("set3"), 8, 43))).isNotEqualTo(again);
            CalibrationExport.Result all = export.export(tmp.resolve("all"), 100, 1);
            assertThat(ids(all)).isEqualTo(accepted.keySet());
            assertThat(all.skipped()).singleElement().satisfies(s -> assertThat(s).contains("no trace"));

            assertThatThrownBy(() -> export.export(tmp.resolve("set1"), 8, 42))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        }
    }

    @Test
    void aStationWithoutAcceptedFramesIsAClearError(@TempDir Path tmp) throws Exception {
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("data"))) {
            CalibrationExport export = new CalibrationExport(tmp.resolve("data"), db, CLOCK);
            assertThatThrownBy(() -> export.export(tmp.resolve("o"), 5, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no accepted frame");
        }
    }

    private static Set<UUID> ids(CalibrationExport.Result r) {
        return r.manifest().frames().stream().map(CalibrationManifest.Frame::traceId).collect(Collectors.toSet());
    }
}
