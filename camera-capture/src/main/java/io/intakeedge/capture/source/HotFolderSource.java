package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.RejectedInput;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * JPEG/PNG photos dropped into a folder, processed in file-name order. A delivered file stays where it is until the
 * decision on it is stored: {@link #acknowledge} moves it to {@code done/}, {@link #reject} to {@code failed/} with
 * a {@code <file>.reason.txt}. A crash in between leaves the file in place, so it is processed again after a restart
 * (at least once, never lost). Files that cannot be used (zero size, not an image, undecodable, truncated) go to
 * {@code failed/} with their reason right away and the source moves on to the next file: that includes images whose
 * header declares more than {@link ImageLimits#maxPixels()} pixels (refused before decoding, so a small file cannot
 * make OpenCV allocate gigabytes) or a side below {@link ImageLimits#minSide()}. Any other failure on a file (an
 * exception from the decoder, a read error) is retried on later scans and the file is quarantined after
 * {@link Settings#maxTries()} tries, so one file never blocks the folder.
 *
 * <p>Exactly one delivery per file: a file stays claimed from its delivery until its move to {@code done/} or
 * {@code failed/} has completed (acknowledgements come from another thread), so a scan in between never sees it as
 * new.
 *
 * <p>Writers should write under a temporary name and rename (hidden files and {@code .tmp}/{@code .part} are
 * ignored); files younger than {@code minFileAge} are left for a later scan in case they are still being written.
 * Each {@link #next} rescans, so files that appear later are picked up. When no file is ready, a draining source
 * returns empty at once (its end); a watching one polls until a file arrives, {@code idleTimeout} passes (then it
 * ends) or it is closed or {@linkplain #interrupt() interrupted} (both end the wait at once). Every quarantined file
 * is also reported to the {@link #onRejected} listeners.
 */
public final class HotFolderSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(HotFolderSource.class);

    /**
     * @param drain        return empty as soon as no file is ready (batch processing of a folder)
     * @param pollInterval how often a watching source rescans
     * @param idleTimeout  how long a watching source waits for a new file before it ends; null waits until closed
     * @param minFileAge   files modified more recently than this are not read yet
     * @param limits       image sizes accepted (from the header, before decoding)
     * @param maxTries     a file whose decoding or reading fails this many times is quarantined
     */
    public record Settings(boolean drain, Duration pollInterval, Duration idleTimeout, Duration minFileAge,
                           ImageLimits limits, int maxTries) {
        public static final int DEFAULT_MAX_TRIES = 3;

        public Settings {
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero() || minFileAge == null
                    || minFileAge.isNegative() || (idleTimeout != null && idleTimeout.isNegative())
                    || limits == null || maxTries < 1) {
                throw new IllegalArgumentException("invalid hot folder settings: " + this);
            }
        }

        public Settings(boolean drain, Duration pollInterval, Duration idleTimeout, Duration minFileAge) {
            this(drain, pollInterval, idleTimeout, minFileAge, ImageLimits.DEFAULT, DEFAULT_MAX_TRIES);
        }

        public static Settings draining() {
            return new Settings(true, Duration.ofMillis(100), Duration.ZERO, Duration.ofMillis(200));
        }

        public static Settings watching(Duration idleTimeout) {
            return new Settings(false, Duration.ofMillis(250), idleTimeout, Duration.ofMillis(200));
        }

        public Settings withMinFileAge(Duration age) {
            return new Settings(drain, pollInterval, idleTimeout, age, limits, maxTries);
        }

        public Settings withLimits(ImageLimits imageLimits) {
            return new Settings(drain, pollInterval, idleTimeout, minFileAge, imageLimits, maxTries);
        }
    }

    private final Path folder;
    private final Path done;
    private final Path failed;
    private final String cameraId;
    private final Settings settings;
    private final ImageDecoder decoder;
    /** Delivered, not yet acknowledged or rejected: origin → file. */
    // acknowledged from the decision-writer thread once a decision is durable
    private final Map<String, Path> inFlight = new ConcurrentHashMap<>();
    /**
     * Files no scan may deliver: from delivery until their move has completed, and for good when a move failed
     * (reported once, skipped so good files still flow). Removing a file from {@code inFlight} before its move had
     * finished let a scan in between deliver it again: the 3,000 photos gave 3,010 decisions.
     */
    private final Set<Path> claimed = ConcurrentHashMap.newKeySet();
    /** Failed tries per file not yet quarantined; only the scanning thread touches it. */
    private final Map<Path, Integer> tries = new HashMap<>();
    private final List<Consumer<RejectedInput>> rejectedListeners = new CopyOnWriteArrayList<>();
    private final Object wakeUp = new Object();
    private volatile boolean closed;
    private long index;

    public HotFolderSource(Path folder, String cameraId, Settings settings) throws CaptureException {
        this(folder, cameraId, settings, ImageFileDecoder::decode);
    }

    HotFolderSource(Path folder, String cameraId, Settings settings, ImageDecoder decoder) throws CaptureException {
        OpenCv.load();
        this.decoder = decoder;
        this.folder = folder.toAbsolutePath();
        this.cameraId = cameraId;
        this.settings = settings;
        if (!Files.isDirectory(this.folder)) {
            throw new CaptureException("hot folder " + this.folder + " does not exist or is not a directory");
        }
        this.done = this.folder.resolve("done");
        this.failed = this.folder.resolve("failed");
        try {
            Files.createDirectories(done);
            Files.createDirectories(failed);
        } catch (IOException e) {
            throw new CaptureException("hot folder " + this.folder + " is not writable: cannot create done/ and "
                    + "failed/ (" + e + ")", e);
        }
        if (!Files.isWritable(this.folder)) {
            throw new CaptureException("hot folder " + this.folder + " is not writable: processed files could not "
                    + "be moved away");
        }
    }

    public Path folder() {
        return folder;
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public Optional<Frame> next() throws CaptureException {
        Instant waitingSince = Instant.now();
        while (!closed) {
            boolean filesWaiting = false;
            for (Path file : candidates()) {
                if (isTooYoung(file)) {
                    filesWaiting = true;
                    continue;
                }
                Optional<Frame> frame = load(file);
                if (frame.isPresent()) {
                    return frame;
                }
                filesWaiting |= tries.containsKey(file); // failed, to be tried again
            }
            if (settings.drain() && !filesWaiting) {
                return Optional.empty();
            }
            if (!settings.drain() && settings.idleTimeout() != null
                    && Duration.between(waitingSince, Instant.now()).compareTo(settings.idleTimeout()) >= 0) {
                return Optional.empty();
            }
            sleep(settings.pollInterval());
        }
        return Optional.empty();
    }

    /** The decision on {@code frame} is stored: its file moves to {@code done/}. */
    @Override
    public void acknowledge(Frame frame) {
        Path file = inFlight.remove(frame.origin());
        if (file == null) {
            LOG.warn("acknowledge of {} ignored: not a file this hot folder delivered (or already moved)",
                    frame.origin());
            return;
        }
        moveAndRelease(file, done, null);
    }

    /** {@code frame} could not be used: its file moves to {@code failed/} with {@code reason}, and is reported. */
    @Override
    public void reject(Frame frame, String reason) {
        Path file = inFlight.remove(frame.origin());
        if (file == null) {
            LOG.warn("reject of {} ignored: not a file this hot folder delivered (or already moved)", frame.origin());
            return;
        }
        RejectedInput rejected = new RejectedInput(cameraId, file.toString(), reason, Instant.now());
        rejectedListeners.forEach(l -> l.accept(rejected));
        moveAndRelease(file, failed, reason);
    }

    @Override
    public void onRejected(Consumer<RejectedInput> listener) {
        rejectedListeners.add(listener);
    }

    /** Ends a wait for files at once (the poll sleep is woken), so a stopping agent never waits a poll interval. */
    @Override
    public void interrupt() {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    @Override
    public void close() {
        interrupt();
    }

    private List<Path> candidates() throws CaptureException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (isImageName(name) && Files.isRegularFile(p) && !claimed.contains(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new CaptureException("cannot list hot folder " + folder + ": " + e, e);
        }
        files.sort(null);
        return files;
    }

    private static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".") && (lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png"));
    }

    private boolean isTooYoung(Path file) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return Duration.between(modified, Instant.now()).compareTo(settings.minFileAge()) < 0;
        } catch (IOException e) {
            return false; // vanished or unreadable: load() reports it
        }
    }

    /** Decodes one file; an unusable one is quarantined and yields empty so the scan goes on. */
    private Optional<Frame> load(Path file) {
        if (!claimed.add(file)) {
            return Optional.empty(); // delivered meanwhile, its move not finished
        }
        Mat image;
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
            image = decoder.decode(file, settings.limits());
        } catch (ImageFileDecoder.UnusableImageException e) {
            LOG.warn("hot folder file {} is unusable: {}; moving it to failed/", file, e.getMessage());
            quarantine(file, e.getMessage());
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            failedTry(file, e);
            return Optional.empty();
        }
        tries.remove(file);
        String origin = file.toString();
        inFlight.put(origin, file);
        return Optional.of(new Frame(cameraId, index++, modified, image, origin));
    }

    /** A failure that might pass (a read error, the decoder throwing): tried again, quarantined at the bound. */
    private void failedTry(Path file, Exception e) {
        if (!Files.exists(file)) {
            tries.remove(file);
            claimed.remove(file);
            return; // taken away by someone else between listing and reading
        }
        int failures = tries.merge(file, 1, Integer::sum);
        if (failures >= settings.maxTries()) {
            tries.remove(file);
            LOG.warn("hot folder file {} failed {} tries ({}); moving it to failed/", file, failures, e.toString());
            quarantine(file, "failed " + failures + " tries, last: " + e);
            return;
        }
        LOG.warn("hot folder file {} failed (try {} of {}): {}", file, failures, settings.maxTries(), e.toString());
        claimed.remove(file);
    }

    /** Reports {@code file} and moves it to failed/; the caller has claimed it. */
    private void quarantine(Path file, String reason) {
        RejectedInput rejected = new RejectedInput(cameraId, file.toString(), reason, Instant.now());
        rejectedListeners.forEach(l -> l.accept(rejected));
        moveAndRelease(file, failed, reason);
    }

    /** Releases the claim only once the file is gone; a file that cannot be moved stays claimed (skipped). */
    private void moveAndRelease(Path file, Path targetDir, String reason) {
        try {
            FileMover.move(file, targetDir, reason);
            claimed.remove(file);
        } catch (CaptureException e) {
            LOG.error("{}; skipping it from now on", e.getMessage());
        }
    }

    private void sleep(Duration d) {
        try {
            synchronized (wakeUp) {
                if (!closed) {
                    wakeUp.wait(Math.max(1, d.toMillis()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
