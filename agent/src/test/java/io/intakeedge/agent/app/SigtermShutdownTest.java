package io.intakeedge.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.source.MjpegAviWriter;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.imgcodecs.Imgcodecs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code intake-edge run} in its own JVM, stopped with SIGTERM: for every source it must exit within 5 s (a hot
 * folder waiting for files included), close H2 (the database opens again) and keep every decision it announced.
 */
class SigtermShutdownTest {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void syntheticSourceStopsWithinFiveSecondsAndKeepsItsDecisions() throws Exception {
        stopMidStream("synthetic", config("{source: synthetic, seed: 3}"));
    }

    @Test
    void videoSourceStopsWithinFiveSecondsAndKeepsItsDecisions() throws Exception {
        Path avi = dir.resolve("conveyor.avi");
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(4))) {
            MjpegAviWriter.record(scene, avi, 30.0, 900); // 30 s of parcels: SIGTERM comes mid-stream
        }
        stopMidStream("video", config("{source: video, path: " + avi + "}"));
    }

    private void stopMidStream(String source, Path config) throws Exception {
        long announced;
        try (ChildAgent child = new ChildAgent(config)) {
            assertThat(child.await(l -> l.startsWith("parcel "), 1, Duration.ofSeconds(120)))
                    .as("a first decision line:\n%s", child.lines()).isTrue();
            Duration took = child.terminate(Duration.ofSeconds(60));
            assertThat(took).as("exited after SIGTERM:\n%s", child.lines()).isNotNull();
            System.out.printf("SIGTERM to exit, %s: %d ms%n", source, took.toMillis());
            assertThat(took).as("SIGTERM to exit").isLessThanOrEqualTo(STOP_LIMIT);
            assertThat(child.process().exitValue()).isIn(0, 143); // 143: SIGTERM after the hooks ran
            announced = child.count(l -> l.startsWith("parcel ") && !l.contains(" skipped "));
        }
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            assertThat(new TraceStore(db).count()).isGreaterThanOrEqualTo(announced).isPositive();
        }
    }

    /**
     * A hot folder decides what is there, counts and records the unusable file, then waits for more (it does not end
     * by itself); SIGTERM ends the wait at once.
     */
    @Test
    void hotFolderWaitsForFilesUntilSigtermAndCountsRejectedOnes() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(5).withMaxParcels(3))) {
            for (int p = 0; p < 3; p++) {
                try (Frame f = scene.frameAt(scene.middleStillFrame(p))) {
                    assertThat(Imgcodecs.imwrite(inbox.resolve("photo-" + p + ".jpg").toString(), f.image())).isTrue();
                }
            }
        }
        Files.write(inbox.resolve("photo-9-broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        try (ChildAgent child = new ChildAgent(config("{source: folder, path: " + inbox + "}"))) {
            assertThat(child.await(l -> l.startsWith("parcel "), 4, Duration.ofSeconds(120)))
                    .as("3 decisions and 1 rejected input:\n%s", child.lines()).isTrue();
            assertThat(child.count(l -> l.contains("input_rejected") && l.contains("photo-9-broken.jpg"))).isOne();
            JsonNode status = status(child.statusPort());
            assertThat(status.get("decisions").asLong()).isEqualTo(3);
            assertThat(status.get("camera").get("frames_rejected").asLong()).isEqualTo(1);
            Thread.sleep(2_000);
            assertThat(child.process().isAlive()).as("still waiting for files").isTrue();
            Duration took = child.terminate(Duration.ofSeconds(60));
            assertThat(took).as("exited after SIGTERM:\n%s", child.lines()).isNotNull();
            System.out.printf("SIGTERM to exit, hot folder: %d ms%n", took.toMillis());
            assertThat(took).as("SIGTERM to exit").isLessThanOrEqualTo(STOP_LIMIT);
            assertThat(child.process().exitValue()).isIn(0, 143);
        }
        try (Stream<Path> done = Files.list(inbox.resolve("done"))) {
            assertThat(done.count()).isEqualTo(3);
        }
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            assertThat(traces.count()).isEqualTo(3);
            assertThat(new SkippedStore(db, traces).recent(10)).singleElement().satisfies(s -> {
                assertThat(s.reason()).isEqualTo("unusable_input");
                assertThat(s.frameOrigin()).endsWith("photo-9-broken.jpg");
                assertThat(s.detail()).isNotBlank();
            });
        }
    }

    private Path config(String camera) throws Exception {
        return Files.writeString(dir.resolve("station.yaml"), """
                site: s1
                device: d1
                profile: generic-x86_64
                camera: %s
                bundle: %s
                data_dir: data
                http: {port: 0}
                calibration: {fraction: 0}
                """.formatted(camera, DEMO_BUNDLE));
    }

    private static JsonNode status(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
