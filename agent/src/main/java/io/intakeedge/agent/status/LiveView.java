package io.intakeedge.agent.status;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityMetrics;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The page's live view: the newest frame with the parcel box and the gate verdict drawn, as a JPEG.
 *
 * <p>The capture thread only copies a frame's pixels, at most {@link #INTERVAL} apart and only while someone watched
 * within {@link #WATCH_TIMEOUT}; drawing and encoding happen on one low-priority encoder thread. At most one copy
 * waits for the encoder: a newer frame replaces a waiting one, and the replaced one is counted as dropped, so a slow
 * encoder costs freshness, never capture time or memory.
 */
public final class LiveView implements BiConsumer<Frame, QualityMetrics>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveView.class);
    /** A few frames a second is live enough for a person and cheap for the station. */
    public static final Duration INTERVAL = Duration.ofMillis(200);
    /** Without a request for this long nobody is watching: no frame is copied. */
    public static final Duration WATCH_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_WIDTH = 800;
    private static final Scalar PASSED = new Scalar(60, 200, 60);
    private static final Scalar FAILED = new Scalar(40, 40, 230);

    /** One encoded frame; {@code seq} grows by one per encode. */
    public record Jpeg(long seq, byte[] bytes, long frameIndex, Instant capturedAt, String verdict) {
    }

    private record Pending(Mat image, QualityMetrics metrics, long frameIndex, Instant capturedAt) {
    }

    private final Function<QualityMetrics, GateVerdict> gate;
    private final ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-view-encoder");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final AtomicReference<Jpeg> latest = new AtomicReference<>();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastCopyNanos = System.nanoTime() - INTERVAL.toNanos();
    private volatile long lastWatchedNanos = System.nanoTime() - 2 * WATCH_TIMEOUT.toNanos();
    private volatile boolean closed;

    /** @param gate the serving bundle's quality gate (pure; evaluated on the encoder thread) */
    public LiveView(Function<QualityMetrics, GateVerdict> gate) {
        this.gate = gate;
    }

    /** On the capture thread: copies the frame when one is due and someone is watching; never waits. */
    @Override
    public void accept(Frame frame, QualityMetrics metrics) {
        long now = System.nanoTime();
        if (closed || now - lastWatchedNanos > WATCH_TIMEOUT.toNanos() || now - lastCopyNanos < INTERVAL.toNanos()) {
            return;
        }
        lastCopyNanos = now;
        copied.incrementAndGet();
        Pending older = pending.getAndSet(new Pending(frame.image().clone(), metrics, frame.index(),
                frame.capturedAt()));
        if (older != null) {
            older.image().release();
            dropped.incrementAndGet();
        } else {
            encoder.execute(this::encodeNext);
        }
    }

    /** A viewer asked: frames are copied for the next {@link #WATCH_TIMEOUT}. */
    public void watched() {
        lastWatchedNanos = System.nanoTime();
    }

    /** The newest encoded frame, or null before the first. */
    public Jpeg latest() {
        return latest.get();
    }

    /** Frames copied off the capture thread, encoded, replaced while waiting (dropped) and failed to encode. */
    public long copied() {
        return copied.get();
    }

    public long encoded() {
        return encoded.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failed() {
        return failed.get();
    }

    private void encodeNext() {
        Pending p = pending.getAndSet(null);
        if (p == null) {
            return;
        }
        try {
            GateVerdict verdict = gate.apply(p.metrics());
            String text = verdict.passed() ? "gate passed" : "gate failed: " + String.join(", ", verdict.reasons());
            byte[] jpeg = draw(p, verdict.passed(), text);
            long seq = encoded.incrementAndGet();
            latest.set(new Jpeg(seq, jpeg, p.frameIndex(), p.capturedAt(), text));
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("live view: frame {} could not be encoded", p.frameIndex(), e);
        } finally {
            p.image().release();
        }
    }

    private static byte[] draw(Pending p, boolean passed, String text) {
        Mat image = p.image();
        double scale = image.cols() > MAX_WIDTH ? (double) MAX_WIDTH / image.cols() : 1.0;
        Mat shown = image;
        if (scale < 1.0) {
            shown = new Mat();
            Imgproc.resize(image, shown, new Size(), scale, scale, Imgproc.INTER_AREA);
        }
        try {
            Scalar colour = passed ? PASSED : FAILED;
            Optional<Box> box = p.metrics().parcelBox();
            if (box.isPresent()) {
                rectangle(shown, box.get(), scale, colour);
            }
            return encode(annotate(shown, text, colour, p.frameIndex()));
        } finally {
            if (shown != image) {
                shown.release();
            }
        }
    }

    private static void rectangle(Mat m, Box b, double scale, Scalar colour) {
        Imgproc.rectangle(m, new Point(b.x() * scale, b.y() * scale),
                new Point((b.x() + b.width()) * scale, (b.y() + b.height()) * scale), colour, 3);
    }

    private static Mat annotate(Mat m, String text, Scalar colour, long frameIndex) {
        Imgproc.rectangle(m, new Point(0, 0), new Point(m.cols(), 28), new Scalar(0, 0, 0), -1);
        Imgproc.putText(m, "frame " + frameIndex + "  " + text, new Point(8, 20), Imgproc.FONT_HERSHEY_SIMPLEX,
                0.6, colour, 2);
        return m;
    }

    static byte[] encode(Mat m) {
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", m, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 80))) {
                throw new IllegalStateException("OpenCV could not encode a " + m.cols() + "x" + m.rows() + " JPEG");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        encoder.shutdown();
        try {
            if (!encoder.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("live view encoder did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p = pending.getAndSet(null);
        if (p != null) {
            p.image().release();
        }
    }
}
