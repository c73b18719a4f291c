package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.CameraHealth.State;
import io.intakeedge.capture.Frame;
import io.intakeedge.sync.mqtt.Backoff;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a live source's {@link ChildProcessCameraSource#next} on a thread of its own, the way the agent's capture
 * loop does, and records frames and every published health change, so tests can wait for a state.
 */
final class LiveCameraHarness implements AutoCloseable {
    final ChildProcessCameraSource source;
    final List<CameraHealth> changes = new CopyOnWriteArrayList<>();
    final AtomicLong frames = new AtomicLong();
    /** The first frame's BGR pixel at (0, 0) and its size. */
    final AtomicReference<int[]> firstPixel = new AtomicReference<>();
    final AtomicReference<String> lastOrigin = new AtomicReference<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    LiveCameraHarness(ChildProcessCameraSource source) {
        this.source = source;
        source.onHealth(changes::add);
        thread = new Thread(this::pump, "test-pump-" + source.cameraId());
        thread.setDaemon(true);
        thread.start();
    }

    /** Small test settings: 160x120 at {@code fps}; stall 1 s, frozen 5 frames / 0.5 s, dark 0.5 s, rate over 1.5 s. */
    static LiveCameraSettings settings(double fps) {
        return LiveCameraSettings.of(160, 120, fps).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withFrozen(5, Duration.ofMillis(500), Duration.ofSeconds(60))
                .withDark(16, Duration.ofMillis(500)).withRate(0.3, Duration.ofMillis(1500));
    }

    /** The project's back-off, 100 ms doubling to 800 ms. */
    static ReconnectDelay backoff() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
        return new ReconnectDelay() {
            @Override
            public long nextMillis() {
                return b.nextMillis();
            }

            @Override
            public void reset() {
                b.reset();
            }
        };
    }

    private void pump() {
        try {
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame f = next.get()) {
                    if (frames.incrementAndGet() == 1) {
                        double[] px = f.image().get(0, 0);
                        firstPixel.set(new int[] {(int) px[0], (int) px[1], (int) px[2], f.width(), f.height()});
                    }
                    lastOrigin.set(f.origin());
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** Waits until the source has published {@code state} (now or earlier); fails after {@code timeout}. */
    CameraHealth awaitState(State state, Duration timeout) throws InterruptedException {
        return awaitState(state, timeout, 0);
    }

    /** As {@link #awaitState(State, Duration)}, counting only changes from index {@code from} on. */
    CameraHealth awaitState(State state, Duration timeout, int from) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = from; i < changes.size(); i++) {
                if (changes.get(i).state() == state) {
                    return changes.get(i);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("camera never reached " + state.code() + " within " + timeout + "; changes: "
                + changes + "; now: " + source.health().orElseThrow());
    }

    /** Waits until at least {@code n} frames were handed on. */
    long awaitFrames(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (frames.get() < n) {
            throw new AssertionError("only " + frames.get() + " of " + n + " frames within " + timeout
                    + "; health " + source.health().orElseThrow() + ", changes " + changes);
        }
        return frames.get();
    }

    /** Sends {@code kill -SIG pid} (STOP, CONT, KILL, SEGV). */
    static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + sig + " " + pid + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        source.interrupt();
        thread.join(5_000);
        source.close();
        if (thread.isAlive()) {
            throw new AssertionError("next() did not return within 5 s of interrupt()");
        }
        if (failure.get() != null) {
            throw new AssertionError("next() failed", failure.get());
        }
    }
}
