package io.intakeedge.agent.app;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.source.ReconnectDelay;
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
    /** A failed frame is retried soon; a source failing for longer is asked at most every 5 s. */
    static final Duration RETRY_MIN = Duration.ofMillis(100);
    static final Duration RETRY_MAX = Duration.ofSeconds(5);

    /** Consumes one frame; the loop closes the frame afterwards. */
    @FunctionalInterface
    public interface FrameHandler {
        void handle(Frame frame) throws Exception;
    }

    private final FrameSource source;
    private final FrameHandler handler;
    private final long maxFrames;
    private final Runnable onEnd;
    /** Capture thread only: the delay before retrying after a failed frame. */
    private final ReconnectDelay retry;
    private final AtomicLong framesRead = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Instant> lastFrameAt = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down by {@link #stop}: wakes a retry back-off at once. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean running;
    /** The capture thread was interrupted; the flag is restored after the last parcel was decided. */
    private boolean interrupted;
    private Thread thread;

    /**
     * @param maxFrames stop after this many frames (0: until the source ends)
     * @param onEnd     called once on the loop thread when the source ended or {@link #stop} was called
     */
    public CaptureLoop(FrameSource source, FrameHandler handler, long maxFrames, Runnable onEnd) {
        this(source, handler, maxFrames, onEnd, FrameSources.retries(RETRY_MIN, RETRY_MAX));
    }

    /** @param retry the delays between retries after failed frames: the project's one back-off */
    public CaptureLoop(FrameSource source, FrameHandler handler, long maxFrames, Runnable onEnd,
                       ReconnectDelay retry) {
        this.source = source;
        this.handler = handler;
        this.maxFrames = maxFrames;
        this.onEnd = onEnd;
        this.retry = retry;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("capture loop already started");
        }
        running = true;
        thread = new Thread(this::loop, "capture-" + source.cameraId());
        thread.start();
    }

    /**
     * Asks the loop to stop after the current frame and waits up to {@code timeout} for it. A source waiting for
     * input is {@linkplain FrameSource#interrupt() interrupted} and a retry back-off is cut short, so the loop ends
     * within one frame's work; the capture thread itself is never interrupted (that would abort H2 and queue writes).
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        stopRequested.countDown();
        source.interrupt();
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
                        handle(frame);
                    }
                    retry.reset();
                } catch (InterruptedException e) {
                    // someone wants this thread gone: stop like stop() would, never retry (that swallowed it)
                    log.warn("capture thread interrupted; stopping the loop");
                    interrupted = true;
                    running = false;
                } catch (CaptureException e) {
                    recordFailure("capture failed: " + e.getMessage(), e);
                } catch (Exception e) {
                    // the pipeline fails closed per decision; anything reaching here is a bug or a storage fault
                    recordFailure("frame handling failed: " + e, e);
                }
            }
        } finally {
            running = false;
            try {
                onEnd.run(); // with the interrupt flag clear, so the parcel in view can still be decided and stored
            } finally {
                finished.countDown();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void handle(Frame frame) throws Exception {
        try {
            handler.handle(frame);
        } catch (IllegalArgumentException e) {
            // the frame itself is unusable (analysis refused it): the source quarantines and reports it, so a hot
            // folder file does not sit in flight forever
            source.reject(frame, "frame could not be analysed: " + e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.interrupted(); // cleared here, restored when the loop ends
            log.error("frame {} from {}: its decision was not queued (interrupted); the source keeps the input "
                    + "(a hot-folder file stays for the next start)", frame.index(), frame.origin());
            throw e;
        }
    }

    private void recordFailure(String message, Exception e) {
        long backoffMs = retry.nextMillis();
        failures.incrementAndGet();
        lastError.set(message);
        log.warn("{} (retrying in {} ms)", message, backoffMs, e);
        try {
            stopRequested.await(backoffMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            interrupted = true; // restored when the loop ends
            running = false;
        }
    }
}
