package io.intakeedge.agent.status;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view encodes off the capture thread, keeps at most one frame waiting and counts what it drops. */
class LiveViewTest {
    private static final QualityMetrics WITH_BOX = new QualityMetrics(0.1, 500, 0.5, 0, 0, true, true,
            Optional.of(new Box(100, 80, 200, 150)));

    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    private static Frame frame(long index) {
        return new Frame("cam-1", index, Instant.now(), new Mat(480, 640, CvType.CV_8UC3, new Scalar(30, 30, 30)),
                "test:" + index);
    }

    private static void offer(LiveView v, long index) {
        try (Frame f = frame(index)) {
            v.accept(f, WITH_BOX);
        }
    }

    @Test
    void nobodyWatchingCostsNothing() {
        try (LiveView v = new LiveView(m -> new GateVerdict(true, List.of(), m))) {
            offer(v, 1);
            assertThat(v.copied()).isZero();
            assertThat(v.latest()).isNull();
        }
    }

    @Test
    void encodesTheBoxAndTheVerdictIntoAJpeg() throws Exception {
        try (LiveView v = new LiveView(m -> new GateVerdict(false, List.of("too_blurry"), m))) {
            v.watched();
            offer(v, 7);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (v.latest() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            LiveView.Jpeg jpeg = v.latest();
            assertThat(jpeg).isNotNull();
            assertThat(jpeg.seq()).isEqualTo(1);
            assertThat(jpeg.frameIndex()).isEqualTo(7);
            assertThat(jpeg.verdict()).isEqualTo("gate failed: too_blurry");
            Mat decoded = Imgcodecs.imdecode(new MatOfByte(jpeg.bytes()), Imgcodecs.IMREAD_COLOR);
            assertThat(decoded.cols()).isEqualTo(640);
            // the box edge is drawn red (BGR 40,40,230) on the dark frame; the frame's centre stays dark
            double[] edge = decoded.get(80, 200);
            assertThat(edge[2]).isGreaterThan(150);
            assertThat(decoded.get(240, 320)[2]).isLessThan(80);
        }
    }

    @Test
    void aBusyEncoderDropsOlderFramesAndNeverHoldsUpTheCaptureThread() throws Exception {
        CountDownLatch encoderStuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LiveView v = new LiveView(m -> {
            encoderStuck.countDown();
            await(release);
            return new GateVerdict(true, List.of(), m);
        })) {
            v.watched();
            offer(v, 1); // taken by the encoder, which now blocks
            assertThat(encoderStuck.await(10, TimeUnit.SECONDS)).isTrue();
            long worstNanos = 0;
            for (int i = 2; i <= 6; i++) {
                Thread.sleep(LiveView.INTERVAL.toMillis() + 20);
                long start = System.nanoTime();
                offer(v, i);
                worstNanos = Math.max(worstNanos, System.nanoTime() - start);
            }
            // frames 2..6 were copied; 2..5 were each replaced by the next while waiting: counted, not queued
            assertThat(v.copied()).isEqualTo(6);
            assertThat(v.dropped()).isEqualTo(4);
            // the encoder is blocked until release: a capture thread that waited for it would not be back at all
            assertThat(worstNanos).as("capture thread never waits for the encoder")
                    .isLessThan(Duration.ofSeconds(5).toNanos());
            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (v.encoded() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(v.encoded()).isEqualTo(2);
            assertThat(v.latest().frameIndex()).as("the newest frame, not the oldest").isEqualTo(6);
        }
    }

    @Test
    void framesComeAtMostEveryInterval() {
        try (LiveView v = new LiveView(m -> new GateVerdict(true, List.of(), m))) {
            v.watched();
            for (int i = 0; i < 50; i++) {
                offer(v, i); // 50 frames in far less than 200 ms
            }
            assertThat(v.copied()).isEqualTo(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
