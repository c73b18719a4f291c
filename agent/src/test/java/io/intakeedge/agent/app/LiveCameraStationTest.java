package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.config.StationConfigLoader;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.source.MjpegAviWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A station on a live camera, end to end: config keys, the capture child process, health on the status API, the
 * timeline and the MQTT events topic (the machine's mosquitto), and a parcel that was in view when the picture froze
 * recorded as missed, never decided. The camera is
 * the V4L2 source's stand-in (no /dev/video in CI): an MJPEG AVI played in a loop by the same ffmpeg child.
 */
class LiveCameraStationTest {
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aParcelInViewWhenThePictureFreezesIsMissedAndTheFreezeIsOnTheStatusAndTimeline() throws Exception {
        assumeThat(Path.of("/usr/bin/ffmpeg")).as("ffmpeg is not installed (Debian ffmpeg)").exists();
        writeFreezingVideo(dir.resolve("camera.avi"));
        String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        Path yaml = dir.resolve("station.yaml");
        Files.writeString(yaml, """
                site: site-a
                device: %s
                profile: generic-linux-x86_64
                camera:
                  id: cam-usb
                  source: v4l2
                  device: camera.avi
                  width: 320
                  height: 240
                  fps: 10
                  health: {stall_ms: 1500, frozen_frames: 3, frozen_ms: 300, frozen_restart_ms: 60000,
                           rate_window_ms: 60000}
                bundle: %s
                data_dir: data
                http: {port: 0}
                sync: {enabled: true, broker: "tcp://127.0.0.1:1883"}
                """.formatted(device, DEMO_BUNDLE));
        StationConfig config = StationConfigLoader.load(yaml);
        // the events topic, as a central consumer sees it (the machine's mosquitto)
        List<String> central = new CopyOnWriteArrayList<>();
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:1883", "cam-test-" + device, new MemoryPersistence());
        subscriber.connect();
        subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("intake/v1/site-a/" + device + "/events", 1)},
                new IMqttMessageListener[] {(topic, message) ->
                        central.add(new String(message.getPayload(), StandardCharsets.UTF_8))});
        assertThat(config.camera().device()).isEqualTo(dir.resolve("camera.avi"));
        try (StationAgent agent = new StationAgent(config, true)) {
            int port = agent.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (agent.status().skipped().getOrDefault("missed", 0L) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            AgentStatus status = agent.status();
            assertThat(status.skipped()).containsKey("missed");
            assertThat(status.decisions()).as("a frozen parcel is never decided").isZero();
            assertThat(status.camera().framesWithheld()).isPositive();
            assertThat(status.camera().health()).isIn("ok", "frozen");
            String events = get(port, "/api/events");
            assertThat(events).contains("camera_opening", "camera_ok", "camera_frozen", "byte-identical",
                    "parcel_missed", "camera frozen");
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!String.join("\n", central).contains("parcel_missed") && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(String.join("\n", central)).as("camera events reach the broker through the outbox")
                    .contains("camera_state", "frozen", "byte-identical", "parcel_missed");
            assertThat(get(port, "/api/status")).containsPattern("\"health\":\"(ok|frozen)\",\"health_reason\":\"")
                    .contains("\"frames_withheld\"");
        }
        subscriber.disconnect();
        subscriber.close();
        try (var db = AgentDatabase.open(dir.resolve("data"))) {
            var missed = new SkippedStore(db, new TraceStore(db)).recent(10).stream()
                    .filter(s -> s.reason().equals("missed")).toList();
            assertThat(missed).isNotEmpty().allSatisfy(s -> {
                assertThat(s.detail()).contains("camera frozen");
                assertThat(s.frameOrigin()).startsWith("v4l2:" + dir.resolve("camera.avi"));
                assertThat(s.cameraId()).isEqualTo("cam-usb");
            });
        }
    }

    @Test
    void liveCameraKeysAreCheckedAtLoadAndACsiCameraNeedsAPipeline() throws Exception {
        assertThatThrownBy(() -> load("camera: {source: rtsp}"))
                .hasMessageContaining("camera.url: required for source rtsp");
        assertThatThrownBy(() -> load("camera: {source: v4l2}"))
                .hasMessageContaining("camera.device: required for source v4l2");
        assertThatThrownBy(() -> load("camera: {source: usb}"))
                .hasMessageContaining("rtsp, v4l2 or csi, got usb");
        StationConfig rtsp = load("camera: {source: rtsp, url: 'rtsp://viewer:s3cret@10.0.0.9/stream1'}");
        assertThat(rtsp.camera().toString()).contains("rtsp://viewer:***@10.0.0.9/stream1").doesNotContain("s3cret");
        // the PC profile has no CSI template: the start names the key to set
        StationConfig csi = load("camera: {source: csi}");
        assertThatThrownBy(() -> new StationAgent(csi, true)).isInstanceOf(StartupException.class)
                .hasMessageContaining("has no CSI pipeline").hasMessageContaining("camera.pipeline");
    }

    private StationConfig load(String camera) throws Exception {
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "site: s\ndevice: d\nprofile: generic-linux-x86_64\n" + camera + "\nbundle: "
                + DEMO_BUNDLE + "\ndata_dir: data\n");
        return StationConfigLoader.load(yaml);
    }

    /**
     * 10 fps: an empty station (noisy, like a sensor), a parcel sliding in, then the last picture repeated
     * byte for byte (a frozen camera) for 3 s. Played in a loop, so the station sees it again and again.
     */
    private static void writeFreezingVideo(Path file) throws Exception {
        OpenCv.load();
        Mat belt = new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 124, 128));
        Mat noise = new Mat(480, 640, CvType.CV_8UC3);
        try (MjpegAviWriter writer = new MjpegAviWriter(file, 640, 480, 10.0)) {
            Mat frame = null;
            for (int i = 0; i < 14; i++) {
                if (frame != null) {
                    frame.release();
                }
                frame = belt.clone();
                if (i >= 10) { // sliding in, 60 px a frame: never still
                    int x = 60 + 60 * (i - 10);
                    Imgproc.rectangle(frame, new Point(x, 150), new Point(x + 220, 330), new Scalar(40, 90, 200), -1);
                }
                Core.randn(noise, 0, 4);
                Core.add(frame, noise, frame);
                writer.write(frame);
            }
            for (int i = 0; i < 30; i++) {
                writer.write(frame);
            }
            frame.release();
        }
        belt.release();
        noise.release();
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
