package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.Skipped;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.source.MjpegAviWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parcel that is in view for one frame (a blip) leads to no decision: it must still be counted on the status page,
 * stored in agent_skipped with its reason, and use up its presentation number so the decisions' parcel_seq shows the
 * gap that the skipped record explains.
 */
class SkippedPresentationTest {
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aBlipIsCountedStoredAndNumberedAndTheParcelAfterItIsDecided() throws Exception {
        Path video = dir.resolve("blip.avi");
        OpenCv.load();
        Mat empty = new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 124, 128));
        Mat parcel = empty.clone();
        Imgproc.rectangle(parcel, new Point(200, 150), new Point(420, 330), new Scalar(40, 90, 200), -1);
        for (int y = 170; y < 320; y += 20) {
            Imgproc.line(parcel, new Point(220, y), new Point(400, y), new Scalar(20, 20, 20), 2);
        }
        try (MjpegAviWriter writer = new MjpegAviWriter(video, 640, 480, 30.0)) {
            write(writer, empty, 10);
            write(writer, parcel, 1); // the blip
            write(writer, empty, 10);
            write(writer, parcel, 30); // a parcel placed and left still for a second
            write(writer, empty, 10);
        }
        var camera = new StationConfig.CameraConfig("cam-1", "video", video, null, null, "presentation", null);
        var config = new StationConfig("site-a", "dev-1", "dock-1", "generic-x86_64", camera, DEMO_BUNDLE,
                dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0), null, null);
        try (StationAgent agent = new StationAgent(config, true)) {
            agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            AgentStatus status = agent.status();
            assertThat(status.decisions()).isEqualTo(1);
            assertThat(status.skipped()).containsExactly(java.util.Map.entry("too_short", 1L));
            assertThat(status.camera().framesRejected()).isZero();
            List<Trace> traces = agent.traces().recent(10);
            assertThat(traces).singleElement().extracting(Trace::parcelSeq).isEqualTo(2L);
        }
        try (var db = io.intakeedge.agent.trace.AgentDatabase.open(dir.resolve("data"))) {
            var store = new SkippedStore(db, new io.intakeedge.agent.trace.TraceStore(db));
            assertThat(store.recent(10)).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(Skipped.Kind.PRESENTATION);
                assertThat(s.reason()).isEqualTo("too_short");
                assertThat(s.parcelSeq()).isEqualTo(1L);
                assertThat(s.framesObserved()).isEqualTo(1);
                assertThat(s.frameOrigin()).contains("blip.avi");
                assertThat(s.deviceId()).isEqualTo("dev-1");
                assertThat(s.cameraId()).isEqualTo("cam-1");
            });
            assertThat(store.countByReason()).containsExactly(java.util.Map.entry("too_short", 1L));
        }
    }

    private static void write(MjpegAviWriter writer, Mat frame, int times) {
        for (int i = 0; i < times; i++) {
            writer.write(frame);
        }
    }
}
