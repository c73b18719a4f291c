package io.intakeedge.agent.app;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pulls frames from a {@link FrameSource} on a dedicated thread (capture and inference block, so they must stay off
 * Vert.x's event loop) and hands each to the pipeline. A failing source is retried with back-off instead of ending
 * the loop: a stalled camera is reported on the status page while the agent keeps running. {@link #stop} lets the
 * frame being decided finish, so a SIGTERM never leaves half a decision behind.
 */
public final class CaptureLoop {
    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);

    /** Consumes one frame; the loop closes the frame afterwards. */
    @FunctionalInterface
    public interface FrameHandler {
        void handle(Frame frame) throws Exception;
    }

    private final FrameSource source;
    private final FrameHandler handler;
    private final long maxFrames;
    private final Runnable onEnd;
    private final AtomicLong framesRead = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Instant> lastFrameAt = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    /**
     * @param maxFrames stop after this many frames (0: until the source ends)
     * @param onEnd     called once on the loop thread when the source ended or {@link #stop} was called
     */
    public CaptureLoop(FrameSource source, FrameHandler handler, long maxFrames, Runnable onEnd) {
        this.source = source;
        this.handler = handler;
        this.maxFrames = maxFrames;
        this.onEnd = onEnd;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("capture loop already started");
        }
        running = true;
        thread = new Thread(this::loop, "capture-" + source.cameraId());
        thread.start();
    }

    /** Asks the loop to stop after the current frame and waits up to {@code timeout} for it. */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        synchronized (this) {
            if (thread == null) {
                return true; // never started
            }
        }
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRunning() {
        return running && finished.getCount() > 0;
    }

    public long framesRead() {
        return framesRead.get();
    }

    public long failures() {
        return failures.get();
    }

    public Instant lastFrameAt() {
        return lastFrameAt.get();
    }

    public String lastError() {
        return lastError.get();
    }

    private void loop() {
        long backoffMs = 100;
        try {
            while (running && (maxFrames <= 0 || framesRead.get() < maxFrames)) {
                try {
                    var next = source.next();
                    if (next.isEmpty()) {
                        log.info("source {} ended after {} frames", source.cameraId(), framesRead.get());
                        break;
                    }
                    try (Frame frame = next.get()) {
                        framesRead.incrementAndGet();
                        lastFrameAt.set(Instant.now());
                        handler.handle(frame);
                    }
                    backoffMs = 100;
                } catch (CaptureException e) {
                    backoffMs = recordFailure("capture failed: " + e.getMessage(), e, backoffMs);
                } catch (Exception e) {
                    // the pipeline fails closed per decision; anything reaching here is a bug or a storage fault
                    backoffMs = recordFailure("frame handling failed: " + e, e, backoffMs);
                }
            }
        } finally {
            running = false;
            try {
                onEnd.run();
            } finally {
                finished.countDown();
            }
        }
    }

    private long recordFailure(String message, Exception e, long backoffMs) {
        failures.incrementAndGet();
        lastError.set(message);
        log.warn("{} (retrying in {} ms)", message, backoffMs, e);
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return Math.min(backoffMs * 2, 5_000);
    }
}
