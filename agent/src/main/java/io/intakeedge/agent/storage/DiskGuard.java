package io.intakeedge.agent.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * Keeps the data directory's disk for what cannot be recreated: traces and the outbox in H2. Two thresholds from the
 * {@link DiskBudget}:
 * <ul>
 *   <li>under {@code min_free_disk_mb} free, or over {@code evidence_budget_mb} of images, evidence and calibration
 *   images give way — calibration frames first (samples, no trace points at them), then evidence, oldest first —
 *   and every deletion is counted;</li>
 *   <li>under the fail-closed floor, {@link #failClosedReason()} says so and the decision recorder routes new parcels
 *   to {@code manual_intake} until space returns (checked per decision: one {@code statvfs} call).</li>
 * </ul>
 * The H2 file is measured against {@code h2_budget_mb} and reported; the guard deletes no trace: traces leave by
 * {@link TraceRetention} once synced (age, count, and the same H2 budget). Thread-safe.
 */
public final class DiskGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    /** Walking tens of thousands of evidence files costs; with room on the disk their size is re-read this often. */
    private static final Duration IMAGE_WALK_PERIOD = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Path h2File;
    private final List<Path> givesWay;
    private final DiskBudget budget;
    private final FileStore store;
    private volatile DiskState state;
    private long imagesDeleted; // guarded by this
    private long imageBytesDeleted; // guarded by this
    private long imageBytes = -1; // guarded by this; -1 until first walked
    private long imagesWalkedAt; // guarded by this; System.nanoTime()
    private ScheduledExecutorService timer;

    /**
     * @param h2File   the database file to measure
     * @param givesWay directories of images that may be deleted for room, most expendable first
     * @throws IOException when the data directory's file system cannot be found
     */
    public DiskGuard(Path dataDir, Path h2File, List<Path> givesWay, DiskBudget budget) throws IOException {
        this.dataDir = dataDir;
        this.h2File = h2File;
        this.givesWay = List.copyOf(givesWay);
        this.budget = budget;
        this.store = Files.getFileStore(dataDir);
        this.state = new DiskState(DiskState.UNKNOWN, Instant.now(), -1, 0, 0, budget, 0, 0, List.of());
    }

    /** Checks now, then every {@code period} on a daemon thread, until {@link #close()}. */
    public synchronized DiskGuard start(Duration period) {
        if (timer == null) {
            timer = DaemonTimer.every("disk-guard", period, false, this::checkQuietly); // a full disk stalls decisions
        }
        return this;
    }

    public DiskBudget budget() {
        return budget;
    }

    /** The last check's result. */
    public DiskState state() {
        return state;
    }

    /**
     * Why new parcels must fail closed now: the disk is under the fail-closed floor. Measured on every call, so the
     * first parcel after the disk filled already goes to {@code manual_intake}; empty when it cannot be measured
     * (then a failing commit still trips the recorder).
     */
    public Optional<String> failClosedReason() {
        long free = usable();
        if (free >= 0 && free < budget.criticalFreeBytes()) {
            return Optional.of("disk nearly full: " + mib(free) + " MiB free under " + dataDir
                    + ", below the fail-closed floor of " + mib(budget.criticalFreeBytes()) + " MiB");
        }
        return Optional.empty();
    }

    /** Measures, lets images give way when the disk is low or they are over budget, and records the state. */
    public synchronized DiskState check() {
        long free = usable();
        boolean low = free >= 0 && free < budget.minFreeBytes();
        if (low || imageBytes < 0 || System.nanoTime() - imagesWalkedAt > IMAGE_WALK_PERIOD.toNanos()) {
            imageBytes = imageBytes();
            imagesWalkedAt = System.nanoTime();
        }
        long images = imageBytes;
        if (low || images > budget.evidenceBytes()) {
            long freed = makeRoom(free, images);
            free = usable();
            images -= freed;
            imageBytes = images;
        }
        long h2 = sizeOf(h2File);
        List<String> problems = new ArrayList<>();
        String level;
        if (free < 0) {
            level = DiskState.UNKNOWN;
            problems.add("cannot measure free space under " + dataDir);
        } else if (free < budget.criticalFreeBytes()) {
            level = DiskState.CRITICAL;
            problems.add("disk critical: " + mib(free) + " MiB free under " + dataDir + ", below the fail-closed"
                    + " floor of " + mib(budget.criticalFreeBytes()) + " MiB: new parcels go to manual_intake"
                    + " (storage_fault) until space returns");
        } else if (free < budget.minFreeBytes() || images > budget.evidenceBytes()) {
            level = DiskState.LOW;
        } else {
            level = DiskState.OK;
        }
        if (h2 > budget.h2Bytes()) {
            problems.add("H2 database " + h2File.getFileName() + " is " + mib(h2) + " MiB, over the profile's"
                    + " h2_budget_mb of " + mib(budget.h2Bytes()) + " MiB");
        }
        state = new DiskState(level, Instant.now(), free, h2, images, budget, imagesDeleted, imageBytesDeleted,
                problems);
        return state;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // the timer must survive a surprise (a directory vanishing mid-walk): the next check tries again
            LOG.warn("disk check failed: {}", e.toString());
        }
    }

    /** Deletes images, most expendable and oldest first, until both limits hold; returns the bytes freed. */
    private long makeRoom(long free, long images) {
        long freed = 0;
        int count = 0;
        for (Path file : candidates()) {
            boolean room = (free < 0 || free + freed >= budget.minFreeBytes())
                    && images - freed <= budget.evidenceBytes();
            if (room) {
                break;
            }
            long size = sizeOf(file);
            try {
                if (Files.deleteIfExists(file)) {
                    freed += size;
                    count++;
                    deleteIfEmpty(file.getParent());
                }
            } catch (IOException e) {
                LOG.warn("could not delete {} to make room: {}", file, e.toString());
            }
        }
        if (count > 0) {
            imagesDeleted += count;
            imageBytesDeleted += freed;
            LOG.warn("disk guard: deleted {} evidence/calibration images ({} bytes) under {} to keep {} MiB free and"
                    + " images within {} MiB ({} deleted since start)", count, freed, dataDir,
                    mib(budget.minFreeBytes()), mib(budget.evidenceBytes()), imagesDeleted);
        }
        return freed;
    }

    /** Image files, directory by directory in {@code givesWay} order, oldest first within each. */
    private List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        for (Path dir : givesWay) {
            record Aged(Path file, Instant modified) {
            }
            images(dir).stream().map(f -> new Aged(f, modified(f)))
                    .sorted(Comparator.comparing(Aged::modified).thenComparing(a -> a.file().toString()))
                    .forEach(a -> out.add(a.file()));
        }
        return out;
    }

    private long imageBytes() {
        long total = 0;
        for (Path dir : givesWay) {
            for (Path f : images(dir)) {
                total += sizeOf(f);
            }
        }
        return total;
    }

    /** Regular files under {@code dir}, except hidden ones (a JPEG being written has a hidden temporary name). */
    private static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
            return List.of();
        }
    }

    private void deleteIfEmpty(Path dir) {
        if (givesWay.contains(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            LOG.debug("could not remove empty directory {}: {}", dir, e.toString());
        }
    }

    private long usable() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // gone meanwhile
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long mib(long bytes) {
        return bytes / DiskBudget.MIB;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
