package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.CameraHealth.State;
import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A live camera read through a capture process (ffmpeg or gst-launch-1.0) that writes raw BGR frames to a pipe; the
 * subclasses only say which command. This class keeps the camera going for months: it starts the process, bounds
 * every wait for a frame by a watchdog ({@code stalled}), judges the frames ({@code frozen},
 * {@code covered_or_dark}, {@code rate_low}/{@code rate_high}), restarts a lost process with the given back-off
 * ({@code open_failed} on the first try, {@code reconnecting} after frames had come), publishes every change of
 * state, and hands on frames only in usable states and never a byte-identical repeat of the frame before (withheld
 * frames are counted). {@link #next} returns empty only
 * after {@link #interrupt} or {@link #close}. Capture thread only, except {@link #interrupt}, {@link #health} and
 * the counters.
 */
public abstract class ChildProcessCameraSource implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(ChildProcessCameraSource.class);
    /** The consumer wakes at least this often to look at its watchdog and the stop flag. */
    private static final long SLICE_MS = 100;

    private final String cameraId;
    private final LiveCameraSettings settings;
    private final ReconnectDelay delays;
    private final FrameHealthMonitor monitor;
    private final StderrLog stderr;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Consumer<CameraHealth>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong withheld = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile CameraHealth health;
    private volatile boolean stopping;
    /** The first state was published (the initial "opening" is only a placeholder until then). */
    private boolean announced;
    private volatile ChildProcessFrameReader reader;
    private long droppedBefore;
    private boolean everDelivered;
    private boolean firstFrameOfProcess;
    private long startedAtNanos;
    private long lastFrameNanos;
    private long index;
    /** Why the process is being (re)started; null before the first start. */
    private String restartCause;

    protected ChildProcessCameraSource(String cameraId, LiveCameraSettings settings, ReconnectDelay delays) {
        OpenCv.load();
        this.cameraId = cameraId;
        this.settings = settings;
        this.delays = delays;
        this.monitor = new FrameHealthMonitor(settings);
        this.stderr = new StderrLog(cameraId, this::redact);
        this.health = new CameraHealth(State.OPENING, "not started yet", Instant.now());
    }

    /** The capture process's command line, writing {@code width × height} BGR24 frames to stdout. */
    protected abstract List<String> command();

    /** What is captured, for reasons, logs and frame origins: a device, a redacted URL, a sensor. */
    protected abstract String describe();

    /** Removes secrets (an RTSP password) from text the process or this class produce. Default: none. */
    protected String redact(String text) {
        return text;
    }

    public LiveCameraSettings settings() {
        return settings;
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public Optional<CameraHealth> health() {
        return Optional.of(health);
    }

    @Override
    public void onHealth(Consumer<CameraHealth> listener) {
        listeners.add(listener);
    }

    /** Frames received but not handed on: the camera was not in a usable state, or the frame repeated the last. */
    public long framesWithheld() {
        return withheld.get();
    }

    /** Frames the reader dropped because the consumer was still busy with older ones. */
    public long framesDropped() {
        ChildProcessFrameReader r = reader;
        return droppedBefore + (r == null ? 0 : r.dropped());
    }

    /** Capture processes started after the first one. */
    public long restarts() {
        return restarts.get();
    }

    /** The running capture process's pid (tests stop and kill it), if one runs. */
    public Optional<Long> processId() {
        ChildProcessFrameReader r = reader;
        return r == null ? Optional.empty() : Optional.of(r.pid());
    }

    @Override
    public Optional<Frame> next() throws CaptureException {
        try {
            while (!stopping) {
                if (reader == null && !startProcess()) {
                    continue;
                }
                ChildProcessFrameReader.Chunk chunk = reader.poll(SLICE_MS);
                long now = System.nanoTime();
                if (chunk == null) {
                    watchdog(now);
                } else if (chunk.end()) {
                    lost(reader.endReason());
                } else {
                    Optional<Frame> frame = judge(chunk, now);
                    if (frame.isPresent()) {
                        return frame;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("camera " + cameraId + ": interrupted while waiting for a frame", e);
        }
        return Optional.empty();
    }

    /** Waits out the back-off (first start: none), then starts the process; false when stopping or it failed. */
    private boolean startProcess() throws InterruptedException {
        if (restartCause != null) {
            long delay = delays.nextMillis();
            restarts.incrementAndGet();
            State waiting = everDelivered ? State.RECONNECTING : State.OPEN_FAILED;
            publish(waiting, restartCause + "; next attempt in " + delay + " ms (restart " + restarts.get() + ")");
            if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } else {
            publish(State.OPENING, "starting " + describe());
        }
        List<String> command = command();
        try {
            reader = ChildProcessFrameReader.start("camera-" + cameraId, command, settings.frameBytes(), stderr);
        } catch (IOException e) {
            failed("cannot start " + command.get(0) + ": " + e.getMessage());
            return false;
        }
        log.info("camera {}: started {} (pid {}) for {}", cameraId, command.get(0), reader.pid(), describe());
        startedAtNanos = System.nanoTime();
        lastFrameNanos = startedAtNanos;
        firstFrameOfProcess = true;
        monitor.reset();
        return true;
    }

    /** No frame this slice: stalled after the timeout, restarted after twice that (or the open timeout). */
    private void watchdog(long now) {
        long silent = now - lastFrameNanos;
        if (firstFrameOfProcess) {
            if (now - startedAtNanos >= settings.openTimeout().toNanos()) {
                lost(String.format(Locale.ROOT, "no frame within %.1f s of starting%s", seconds(now - startedAtNanos),
                        tail()));
            }
            return;
        }
        if (silent >= 2 * settings.stallTimeout().toNanos()) {
            lost(String.format(Locale.ROOT, "stalled: no frame for %.1f s", seconds(silent)));
        } else if (silent >= settings.stallTimeout().toNanos() && health.state() != State.STALLED) {
            publish(State.STALLED, String.format(Locale.ROOT, "no frame for %.1f s from %s (the process runs; "
                    + "restarted after %.1f s)", seconds(silent), describe(), 2 * seconds(settings.stallTimeout()
                    .toNanos())));
        }
    }

    private Optional<Frame> judge(ChildProcessFrameReader.Chunk chunk, long now) {
        lastFrameNanos = now;
        firstFrameOfProcess = false;
        FrameHealthMonitor.Judgement j = monitor.onFrame(chunk.data(), chunk.receivedNanos());
        publish(j.state(), j.reason());
        if (j.state() == State.FROZEN && monitor.frozenNanos(now) >= settings.frozenRestart().toNanos()) {
            reader.recycle(chunk.data());
            lost("frozen for " + String.format(Locale.ROOT, "%.1f s", seconds(monitor.frozenNanos(now))));
            return Optional.empty();
        }
        // a byte-identical repeat carries nothing new and may be the start of a freeze: never decided on, even
        // before enough of them make the state frozen (a parcel must not settle on a stale picture)
        if (!j.state().usable() || monitor.lastWasRepeat()) {
            withheld.incrementAndGet();
            reader.recycle(chunk.data());
            return Optional.empty();
        }
        everDelivered = true;
        delays.reset();
        Mat image = new Mat(settings.height(), settings.width(), CvType.CV_8UC3);
        image.put(0, 0, chunk.data());
        reader.recycle(chunk.data());
        long i = index++;
        return Optional.of(new Frame(cameraId, i, Instant.now(), image, describe() + ":frame=" + i));
    }

    /** The process is gone or useless: kill it; the next {@link #next} round restarts it after the back-off. */
    private void lost(String why) {
        String cause = redact(describe() + ": " + why);
        log.warn("camera {}: {}", cameraId, cause);
        killProcess();
        failed(cause);
    }

    private void failed(String cause) {
        restartCause = cause;
        if (!everDelivered) {
            publish(State.OPEN_FAILED, cause);
        } else {
            publish(State.RECONNECTING, cause);
        }
    }

    private String tail() {
        String t = stderr.tail();
        return t.isEmpty() ? "" : ": " + t;
    }

    private void killProcess() {
        ChildProcessFrameReader r = reader;
        reader = null;
        if (r != null) {
            droppedBefore += r.dropped();
            r.close();
        }
    }

    /** Records the state; listeners hear changes of state (not every new reason within one). */
    private void publish(State state, String reason) {
        CameraHealth old = health;
        boolean changed = old.state() != state || !announced;
        announced = true;
        health = new CameraHealth(state, redact(reason), changed ? Instant.now() : old.since());
        if (!changed) {
            return;
        }
        if (state == State.OK || state == State.OPENING) {
            log.info("camera {}: {} ({})", cameraId, state.code(), health.reason());
        } else {
            log.warn("camera {}: {} ({})", cameraId, state.code(), health.reason());
        }
        for (Consumer<CameraHealth> l : listeners) {
            try {
                l.accept(health);
            } catch (RuntimeException e) {
                log.warn("camera {}: a health listener failed", cameraId, e);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public void interrupt() {
        stopping = true;
        stopped.countDown();
    }

    @Override
    public void close() {
        interrupt();
        killProcess();
    }
}
