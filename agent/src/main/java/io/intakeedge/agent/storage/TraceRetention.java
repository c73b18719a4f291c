package io.intakeedge.agent.storage;

import io.intakeedge.agent.config.RetentionSettings;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceExpiry;
import io.intakeedge.agent.trace.TraceExpiry.Expirable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a station that runs for months within its disk: deletes traces older than {@code retention.max_age_days},
 * beyond {@code retention.max_traces}, and, oldest first, while the H2 file stays over the profile's
 * {@code h2_budget_mb} — but only traces whose outbox item has left ({@link TraceExpiry}): an unsynced trace is
 * never deleted. Their evidence JPEGs go with them. A run ends with an online compaction of the H2 file when it is
 * over {@value #COMPACT_ABOVE} bytes or over budget: H2 shrinks the file only on close, and with {@code WRITE_DELAY=0}
 * reuses the space of old chunks only 45 s after each commit (docs/trace.md, "Retention"). Counted in {@link #state()},
 * logged when anything went. Thread-safe; runs on its own daemon thread once {@link #start}ed.
 */
public final class TraceRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceRetention.class);
    /** Deleted per transaction: a long delete must not hold the recorder's commits for long. */
    static final int BATCH = 500;
    /** Rounds of size-driven deletion per run, each followed by a compaction and a new measurement. */
    private static final int SIZE_ROUNDS = 5;
    /** How long one compaction may hold H2's store lock. */
    private static final Duration COMPACT_TIME = Duration.ofSeconds(1);
    /** Below this the open file is not worth compacting (a station's steady file, measured in docs/trace.md). */
    static final long COMPACT_ABOVE = 16L << 20;
    private static final Instant ANY_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final AgentDatabase db;
    private final TraceExpiry expiry;
    private final Path evidenceDir;
    private final RetentionSettings settings;
    private final long h2Budget;
    private final Clock clock;
    private final Counts counts = new Counts(); // guarded by this
    private volatile RetentionState state;
    private volatile Supplier<Optional<String>> noRoom = Optional::empty;
    private final Object timerLock = new Object();
    private ScheduledExecutorService timer; // guarded by timerLock

    /** Totals since start. */
    private static final class Counts {
        long age;
        long count;
        long size;
        long evidence;
    }

    /**
     * @param evidenceDir where evidence JPEGs live; a stored path outside it is never deleted
     * @param h2Budget    the profile's {@code h2_budget_mb} in bytes; 0: no size-driven deletion
     */
    public TraceRetention(AgentDatabase db, TraceExpiry expiry, Path evidenceDir, RetentionSettings settings,
                          long h2Budget, Clock clock) {
        this.db = db;
        this.expiry = expiry;
        this.evidenceDir = evidenceDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.h2Budget = h2Budget;
        this.clock = clock;
        this.state = new RetentionState(settings.maxAgeDays(), settings.maxTraces(), null, 0, 0, 0, 0, 0, 0, -1, -1,
                null);
    }

    /** Runs now, then every {@code period} on a daemon thread, until {@link #close()}. */
    public TraceRetention start(Duration period) {
        synchronized (timerLock) {
            if (timer != null) {
                return this;
            }
            timer = DaemonTimer.every("trace-retention", period, true, this::runQuietly);
            return this;
        }
    }

    /**
     * While {@code reason} says why (the disk under the fail-closed floor), runs do not compact: moving chunks needs
     * room to write them, and a failed H2 write closes the database under the recorder.
     */
    public TraceRetention skipCompactionWhile(Supplier<Optional<String>> reason) {
        this.noRoom = reason;
        return this;
    }

    public RetentionState state() {
        return state;
    }

    /** One pass: age, count, size, then compaction. */
    public synchronized RetentionState run() throws SQLException {
        Instant now = clock.instant();
        long byAge = 0;
        long waiting;
        TraceExpiry.Scan scan;
        do {
            scan = expiry.oldestLeft(now.minus(settings.maxAge()), BATCH);
            byAge += delete(scan.expirable());
        } while (scan.expirable().size() == BATCH && !Thread.currentThread().isInterrupted());
        waiting = scan.waiting();
        long byCount = settings.maxTraces() > 0 ? deleteOldest(expiry.count() - settings.maxTraces()) : 0;
        AgentDatabase.Compaction compaction = compact();
        long bytesBefore = compaction.bytesBefore();
        long bySize = 0;
        for (int round = 0; round < SIZE_ROUNDS && h2Budget > 0 && compaction.bytesAfter() > h2Budget; round++) {
            long deleted = deleteOldest(Math.max(100, expiry.count() / 10));
            if (deleted == 0) {
                break; // nothing synced left to delete: the disk guard reports the file over budget
            }
            bySize += deleted;
            compaction = compact();
        }
        counts.age += byAge;
        counts.count += byCount;
        counts.size += bySize;
        if (byAge + byCount + bySize > 0) {
            LOG.info("retention: deleted {} traces ({} older than {} days, {} beyond {} traces, {} for the H2 budget"
                            + " of {} MiB), {} evidence files since start; {} past their age wait for sync; H2 file"
                            + " {} -> {} KiB", byAge + byCount + bySize, byAge, settings.maxAgeDays(), byCount,
                    settings.maxTraces(), bySize, h2Budget / DiskBudget.MIB, counts.evidence, waiting,
                    bytesBefore / 1024, compaction.bytesAfter() / 1024);
        }
        state = new RetentionState(settings.maxAgeDays(), settings.maxTraces(), now,
                counts.age + counts.count + counts.size, counts.age, counts.count, counts.size, counts.evidence,
                waiting, bytesBefore, compaction.bytesAfter(), null);
        return state;
    }

    private AgentDatabase.Compaction compact() throws SQLException {
        long size = db.fileSize();
        if (size <= COMPACT_ABOVE && (h2Budget <= 0 || size <= h2Budget)) {
            return new AgentDatabase.Compaction(size, size, 0);
        }
        Optional<String> why = noRoom.get();
        if (why.isPresent()) {
            LOG.warn("retention: H2 file not compacted: {}", why.get());
            return new AgentDatabase.Compaction(size, size, 0);
        }
        return db.compact(COMPACT_TIME);
    }

    /** Deletes up to {@code n} of the oldest traces that have left the outbox; returns how many went. */
    private long deleteOldest(long n) throws SQLException {
        long deleted = 0;
        while (deleted < n && !Thread.currentThread().isInterrupted()) {
            List<Expirable> batch = expiry.oldestLeft(ANY_TIME, (int) Math.min(BATCH, n - deleted)).expirable();
            if (batch.isEmpty()) {
                break;
            }
            deleted += delete(batch);
        }
        return deleted;
    }

    /** Deletes the rows, then their evidence: a crash in between leaves a JPEG the disk guard may remove later. */
    private int delete(List<Expirable> traces) throws SQLException {
        int deleted = expiry.delete(traces);
        for (Expirable t : traces) {
            if (t.evidencePath() != null && deleteEvidence(Path.of(t.evidencePath()))) {
                counts.evidence++;
            }
        }
        return deleted;
    }

    private boolean deleteEvidence(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(evidenceDir) || f.equals(evidenceDir)) {
            LOG.warn("retention: evidence path {} is outside {}; not deleted", file, evidenceDir);
            return false;
        }
        try {
            boolean gone = Files.deleteIfExists(f); // the disk guard may have let it go already
            Path day = f.getParent();
            if (!day.equals(evidenceDir)) {
                try (var entries = Files.list(day)) {
                    if (entries.findAny().isEmpty()) {
                        Files.deleteIfExists(day);
                    }
                }
            }
            return gone;
        } catch (IOException e) {
            LOG.warn("retention: could not delete evidence {}: {}", f, e.toString());
            return false;
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            // the next run tries again; the status page shows why this one failed
            LOG.warn("retention run failed: {}", e.toString());
            RetentionState s = state;
            state = new RetentionState(s.maxAgeDays(), s.maxTraces(), clock.instant(), s.tracesDeleted(),
                    s.deletedForAge(), s.deletedForCount(), s.deletedForSize(), s.evidenceDeleted(),
                    s.waitingForSync(), s.h2BytesBefore(), s.h2BytesAfter(), e.toString());
        }
    }

    /** Stops the timer; a run in progress stops after its current batch and is waited for (H2 closes next). */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (timerLock) {
            t = timer;
            timer = null;
        }
        if (t == null) {
            return;
        }
        t.shutdownNow();
        try {
            if (!t.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("retention run still busy 30 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
