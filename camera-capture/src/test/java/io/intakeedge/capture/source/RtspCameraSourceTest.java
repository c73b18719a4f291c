package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.CameraHealth.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The RTSP source with real processes on loopback: ffmpeg as the capture child, a gst-rtsp-server as the camera.
 * Stall = SIGSTOP the server, unplug = SIGKILL it, recovery = SIGCONT or a restart on the same port.
 */
class RtspCameraSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeAll
    static void toolsInstalled() {
        assumeThat(Tools.onPath("ffmpeg")).as("ffmpeg is not installed (Debian ffmpeg)").isTrue();
        assumeThat(RtspTestServer.available()).as("no RTSP test server: install python3-gi and "
                + "gir1.2-gst-rtsp-server-1.0 (Debian)").isTrue();
    }

    private static RtspCameraSource camera(String url) {
        return new RtspCameraSource("cam-rtsp", "ffmpeg", url, LiveCameraHarness.settings(10),
                LiveCameraHarness.backoff());
    }

    @Test
    void framesFlowAndAStallIsNamedAndCuredWhenTheServerResumes() throws Exception {
        try (var server = new RtspTestServer(RtspTestServer.snow(10)).start();
             var cam = new LiveCameraHarness(camera(server.url()))) {
            cam.awaitFrames(5, WAIT);
            assertThat(cam.firstPixel.get()).endsWith(160, 120);
            assertThat(cam.lastOrigin.get()).startsWith(server.url() + ":frame=");
            LiveCameraHarness.signal(server.pid(), "STOP");
            CameraHealth stalled = cam.awaitState(State.STALLED, WAIT);
            assertThat(stalled.reason()).contains("no frame for").contains(server.url());
            int mark = cam.changes.size();
            LiveCameraHarness.signal(server.pid(), "CONT");
            cam.awaitState(State.OK, WAIT, mark);
            assertThat(cam.source.restarts()).isZero(); // resumed on the same connection
            long now = cam.frames.get();
            cam.awaitFrames(now + 5, WAIT);
        }
    }

    @Test
    void aStallThatLastsIsReconnectedAndRecoversOnceTheServerResumes() throws Exception {
        try (var server = new RtspTestServer(RtspTestServer.snow(10)).start();
             var cam = new LiveCameraHarness(camera(server.url()))) {
            cam.awaitFrames(3, WAIT);
            LiveCameraHarness.signal(server.pid(), "STOP");
            cam.awaitState(State.STALLED, WAIT);
            assertThat(cam.awaitState(State.RECONNECTING, WAIT).reason()).contains("stalled");
            int mark = cam.changes.size();
            LiveCameraHarness.signal(server.pid(), "CONT");
            cam.awaitState(State.OK, WAIT, mark);
            assertThat(cam.source.restarts()).isPositive();
        }
    }

    @Test
    void anUnpluggedCameraIsReconnectedWithBackoffUntilItIsBack() throws Exception {
        try (var server = new RtspTestServer(RtspTestServer.snow(10)).start();
             var cam = new LiveCameraHarness(camera(server.url()))) {
            cam.awaitFrames(3, WAIT);
            server.kill();
            CameraHealth lost = cam.awaitState(State.RECONNECTING, WAIT);
            assertThat(lost.reason()).contains(server.url());
            Thread.sleep(1500); // attempts against a dead port: refused, retried with growing delays
            assertThat(cam.source.restarts()).isGreaterThanOrEqualTo(2);
            assertThat(cam.source.health().orElseThrow().state()).isEqualTo(State.RECONNECTING);
            assertThat(cam.source.health().orElseThrow().reason()).contains("next attempt in");
            int mark = cam.changes.size();
            long before = cam.frames.get();
            server.start(); // the camera is plugged back in
            cam.awaitState(State.OK, WAIT, mark);
            cam.awaitFrames(before + 5, WAIT);
        }
    }

    @Test
    void nothingListeningIsOpenFailedAndThePasswordIsNeverShown() throws Exception {
        var server = new RtspTestServer(RtspTestServer.snow(10)); // never started: its port refuses
        String url = "rtsp://viewer:s3cret-pw@127.0.0.1:" + server.port() + "/cam";
        try (var cam = new LiveCameraHarness(camera(url))) {
            CameraHealth failed = cam.awaitState(State.OPEN_FAILED, WAIT);
            assertThat(failed.reason()).contains("viewer:***@127.0.0.1").contains("exited with code")
                    .doesNotContain("s3cret-pw");
            Thread.sleep(600);
            assertThat(cam.changes).allSatisfy(h -> assertThat(h.reason()).doesNotContain("s3cret-pw"));
            assertThat(cam.source.health().orElseThrow().reason()).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void theSocketTimeoutOptionFollowsTheFfmpegVersion() {
        var source = camera("rtsp://127.0.0.1:1/cam");
        assertThat(RtspCameraSource.majorVersion("ffmpeg")).isGreaterThanOrEqualTo(4);
        assertThat(source.command()).containsSubsequence("-rtsp_transport", "tcp")
                .contains(RtspCameraSource.majorVersion("ffmpeg") >= 5 ? "-timeout" : "-stimeout")
                .containsSubsequence("-pix_fmt", "bgr24", "-f", "rawvideo", "pipe:1");
        source.close();
    }
}
