package io.intakeedge.agent.app;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureLoopTest {

    /** Before: the InterruptedException of the decision queue's put was caught as a failure and the loop went on. */
    @Test
    void anInterruptedHandlerStopsTheLoopInsteadOfBeingRetried() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        AtomicBoolean endRanUninterrupted = new AtomicBoolean();
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(2), "cam", 500)) {
            CaptureLoop loop = new CaptureLoop(scene, frame -> {
                if (handled.incrementAndGet() == 3) {
                    throw new InterruptedException("queue.put interrupted");
                }
            }, 0, () -> endRanUninterrupted.set(!Thread.currentThread().isInterrupted()));
            loop.start();
            assertThat(loop.awaitEnd(Duration.ofSeconds(30))).isTrue();
            assertThat(handled.get()).as("no frame after the interrupted one").isEqualTo(3);
            assertThat(loop.framesRead()).isEqualTo(3);
            assertThat(loop.failures()).as("not counted as a failure to retry").isZero();
            assertThat(endRanUninterrupted).as("the last parcel can still be decided").isTrue();
        }
    }

    /** Failed frames wait as the one back-off says; a good frame starts it again from its shortest delay. */
    @Test
    void failedFramesAreRetriedThroughTheGivenBackoffWhichAGoodFrameResets() throws Exception {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.intakeedge.capture.source.ReconnectDelay delays = new io.intakeedge.capture.source.ReconnectDelay() {
            @Override
            public long nextMillis() {
                calls.add("next");
                return 1;
            }

            @Override
            public void reset() {
                calls.add("reset");
            }
        };
        AtomicInteger handled = new AtomicInteger();
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(2), "cam", 500)) {
            CaptureLoop loop = new CaptureLoop(scene, frame -> {
                int n = handled.incrementAndGet();
                if (n >= 2 && n <= 4) {
                    throw new IllegalStateException("storage fault " + n);
                }
            }, 6, () -> { }, delays);
            loop.start();
            assertThat(loop.awaitEnd(Duration.ofSeconds(60))).isTrue();
            assertThat(loop.failures()).isEqualTo(3);
            assertThat(loop.lastError()).contains("storage fault 4");
        }
        assertThat(calls).containsExactly("reset", "next", "next", "next", "reset", "reset");
    }

    /** A source blocked waiting for input (a hot folder at night) is woken by stop(), not waited for. */
    @Test
    void stopInterruptsASourceThatIsWaitingForInput() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        FrameSource idle = new FrameSource() {
            @Override
            public String cameraId() {
                return "idle";
            }

            @Override
            public Optional<Frame> next() {
                waiting.countDown();
                try {
                    woken.await(); // only interrupt() ends the wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }

            @Override
            public void interrupt() {
                woken.countDown();
            }

            @Override
            public void close() {
            }
        };
        CaptureLoop loop = new CaptureLoop(idle, frame -> { }, 0, () -> { });
        loop.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThat(loop.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
