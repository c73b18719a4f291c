package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.CameraHealth.State;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The V4L2 source. No /dev/video device exists in CI, so the live runs use its stand-in: a regular file in the
 * device's place, played by the same ffmpeg child with the same raw BGR output. The device command line itself is
 * checked as text.
 */
class V4l2CameraSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @BeforeAll
    static void ffmpegInstalled() {
        assumeThat(Tools.onPath("ffmpeg")).as("ffmpeg is not installed (Debian ffmpeg)").isTrue();
        OpenCv.load();
    }

    @Test
    void aDeviceIsAskedForTheConfiguredSizeRateAndFormat() {
        var source = new V4l2CameraSource("cam-usb", "ffmpeg", Path.of("/dev/video7"), "mjpeg",
                LiveCameraSettings.of(1280, 720, 30), LiveCameraHarness.backoff());
        assertThat(source.command()).containsSubsequence("-f", "v4l2", "-video_size", "1280x720", "-framerate", "30",
                "-input_format", "mjpeg", "-i", "/dev/video7", "-vsync", "passthrough", "-s", "1280x720",
                "-pix_fmt", "bgr24", "-f", "rawvideo", "pipe:1");
        source.close();
    }

    @Test
    void aMissingDeviceIsOpenFailedWithFfmpegsReason() throws Exception {
        var source = new V4l2CameraSource("cam-usb", "ffmpeg", dir.resolve("video9"), null,
                LiveCameraHarness.settings(10), LiveCameraHarness.backoff());
        try (var cam = new LiveCameraHarness(source)) {
            CameraHealth failed = cam.awaitState(State.OPEN_FAILED, WAIT);
            assertThat(failed.reason()).contains("v4l2:" + dir.resolve("video9")).contains("exited with code");
        }
    }

    @Test
    void aVideoStandingInForTheDeviceDeliversFramesOfTheConfiguredSize() throws Exception {
        Path avi = dir.resolve("camera.avi");
        try (var scene = new SyntheticConveyorSource(SceneConfig.standard(5).withMaxParcels(1))) {
            MjpegAviWriter.record(scene, avi, 10, 40); // 640x480, scaled to 160x120 by ffmpeg
        }
        var source = new V4l2CameraSource("cam-usb", "ffmpeg", avi, null, LiveCameraHarness.settings(10),
                LiveCameraHarness.backoff());
        try (var cam = new LiveCameraHarness(source)) {
            cam.awaitFrames(10, WAIT);
            assertThat(cam.firstPixel.get()).endsWith(160, 120);
            assertThat(cam.lastOrigin.get()).startsWith("v4l2:" + avi + ":frame=");
            assertThat(source.health().orElseThrow().state()).isIn(State.OK);
        }
    }

    @Test
    void aLoopedStillImageIsFrozen() throws Exception {
        Path still = dir.resolve("still.png");
        Mat grey = new Mat(120, 160, CvType.CV_8UC3, new Scalar(90, 120, 150));
        Core.randn(grey, 120, 30); // a noisy picture: only repeating it makes frames identical
        Imgcodecs.imwrite(still.toString(), grey);
        grey.release();
        var source = new V4l2CameraSource("cam-usb", "ffmpeg", still, null, LiveCameraHarness.settings(10),
                LiveCameraHarness.backoff());
        try (var cam = new LiveCameraHarness(source)) {
            CameraHealth frozen = cam.awaitState(State.FROZEN, WAIT);
            assertThat(frozen.reason()).contains("byte-identical");
            assertThat(cam.frames.get()).isEqualTo(1);
        }
    }
}
