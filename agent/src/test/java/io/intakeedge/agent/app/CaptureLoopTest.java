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
