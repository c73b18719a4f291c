package io.intakeedge.agent.calibration;

import io.intakeedge.agent.trace.EvidenceException;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.Trace;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps a fraction of the frames the quality gate passed as calibration JPEGs, {@code <dir>/<yyyy-mm-dd UTC>/<trace
 * id>.jpg}, so an operator can later re-quantize a model on the station's own camera ({@code calibration export}).
 * Evidence alone would not do: it keeps only priority-review and retake photos, a biased sample.
 *
 * <p>Which traces are kept is decided from the trace id's random bits, so no state is needed and a restart keeps the
 * same rate. At most {@code maxFiles} are kept; the oldest go first. A write failure is logged and never reaches the
 * decision. Thread-safe.
 */
public final class CalibrationSampler {
    /** Folder name under the data directory. */
    public static final String DIR_NAME = "calibration";

    private static final Logger LOG = LoggerFactory.getLogger(CalibrationSampler.class);

    private final Path dir;
    private final double fraction;
    private final int maxFiles;
    private final Deque<Path> kept = new ArrayDeque<>();

    /**
     * @param dir      calibration root, e.g. {@code <data dir>/calibration}; created if missing
     * @param fraction share of gate-passed frames to keep, in [0, 1]
     * @param maxFiles most files kept at once (the oldest are deleted), >= 1
     * @throws IOException when the directory cannot be created or listed
     */
    public CalibrationSampler(Path dir, double fraction, int maxFiles) throws IOException {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("calibration fraction must be in [0, 1], got " + fraction);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("calibration max files must be >= 1, got " + maxFiles);
        }
        this.dir = dir;
        this.fraction = fraction;
        this.maxFiles = maxFiles;
        Files.createDirectories(dir);
        kept.addAll(existing(dir));
        trim();
    }

    /** The calibration folder inside a station data directory. */
    public static Path dirIn(Path dataDir) {
        return dataDir.resolve(DIR_NAME);
    }

    public Path dir() {
        return dir;
    }

    /** Calibration JPEGs currently kept. */
    public synchronized int size() {
        return kept.size();
    }

    /** Whether {@code trace} is one of the sampled ones: gate passed and its id falls in the kept fraction. */
    public boolean wants(Trace trace) {
        if (!Boolean.TRUE.equals(trace.gatePassed()) || fraction == 0) {
            return false;
        }
        // the low 53 random bits of a v4 UUID are uniform; compare them as a fraction of 2^53
        double u = (trace.traceId().getLeastSignificantBits() & ((1L << 53) - 1)) / (double) (1L << 53);
        return u < fraction;
    }

    /**
     * Keeps {@code bgr} (the decided frame) as a calibration JPEG when {@link #wants} the trace.
     *
     * @return the written file, or empty when the frame was not sampled or could not be written
     */
    public Optional<Path> offer(Trace trace, Mat bgr) {
        if (!wants(trace)) {
            return Optional.empty();
        }
        Path target = dir.resolve(LocalDate.ofInstant(trace.decidedAt(), ZoneOffset.UTC).toString())
                .resolve(trace.traceId() + ".jpg");
        try {
            AtomicFiles.write(target, EvidenceStore.encode(bgr));
        } catch (IOException | EvidenceException e) {
            LOG.warn("trace {}: calibration frame not kept: {}", trace.traceId(), e.getMessage());
            return Optional.empty();
        }
        synchronized (this) {
            kept.addLast(target);
            trim();
        }
        return Optional.of(target);
    }

    private void trim() {
        while (kept.size() > maxFiles) {
            Path oldest = kept.removeFirst();
            try {
                Files.deleteIfExists(oldest);
                deleteIfEmpty(oldest.getParent());
            } catch (IOException e) {
                LOG.warn("could not delete old calibration frame {}: {}", oldest, e.getMessage());
            }
        }
    }

    private void deleteIfEmpty(Path day) throws IOException {
        try (Stream<Path> left = Files.list(day)) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(day);
            }
        }
    }

    /** Kept files, oldest first: by day folder, then modification time, then name. */
    private static List<Path> existing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".jpg"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")) // a write in progress
                    .sorted(Comparator.comparing((Path p) -> p.getParent().getFileName().toString())
                            .thenComparing(CalibrationSampler::modified)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
