package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.calibration.CalibrationSampler;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.Priority;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.intakeedge.sync.mqtt.Backoff;

/**
 * Makes decisions durable on its own thread, so JPEG encoding and H2 commits never sit between two frames of the
 * capture loop. Per decision: the evidence JPEG when the route keeps one, then trace row + outbox row in the SAME
 * transaction as the other decisions queued with it (group commit). Only after the commit do listeners hear about
 * the trace and does the source get its acknowledgement (a hot-folder file moves to {@code done/} only then).
 *
 * <p>The queue is bounded: when storage falls behind, {@link #submit} blocks the capture loop instead of dropping
 * decisions. When storage fails (disk full, database error) or the disk guard says it is about to
 * ({@link #failClosedWhen}), {@link #fault()} says why: the pipeline then routes every new parcel to
 * {@code manual_intake} (reason {@code storage_fault}) and the queue takes up to {@value #FAULT_BACKLOG} such
 * decisions (without pixels) so the station keeps deciding; the failing commit is retried with back-off until
 * storage is back, and only then are those decisions shown and their inputs acknowledged (a hot-folder file stays
 * in the folder until its trace is durable). Nothing in the queue is shown before its commit.
 */
public final class DecisionRecorder implements DecisionSink {
    private static final Logger log = LoggerFactory.getLogger(DecisionRecorder.class);
    private static final int QUEUE = 64;
    /** Decisions held in memory while storage fails: fail-closed traces only, a few KiB each. */
    static final int FAULT_BACKLOG = 4096;

    /** A queued decision; {@code image} is a private copy when evidence or calibration needs the pixels. */
    private record Pending(Trace trace, Mat image, boolean sample, Runnable onDurable) {
    }

    private final AgentDatabase db;
    private final TraceStore traces;
    private final EvidenceStore evidence;
    private final Optional<Outbox> outbox;
    private final Optional<CalibrationSampler> calibration;
    private final LatencyStats latency;
    private final List<Consumer<Trace>> committed = new CopyOnWriteArrayList<>();
    // bounded by inProgress (see submit): QUEUE normally, FAULT_BACKLOG while storage fails
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Supplier<Optional<String>> guard = Optional::empty;
    private final AtomicLong commitFailures = new AtomicLong();
    private long inProgress; // guarded by this

    /**
     * @param calibration keeps a sample of gate-passed frames so the station can re-quantize for its own camera
     */
    public DecisionRecorder(AgentDatabase db, TraceStore traces, EvidenceStore evidence, Optional<Outbox> outbox,
                            Optional<CalibrationSampler> calibration, LatencyStats latency) {
        this.db = db;
        this.traces = traces;
        this.evidence = evidence;
        this.outbox = outbox;
        this.calibration = calibration;
        this.latency = latency;
        this.writer = new Thread(this::writeLoop, "decision-writer");
    }

    /** Starts the writer thread; decisions submitted before this wait in the queue. Returns this recorder. */
    public DecisionRecorder start() {
        writer.start();
        return this;
    }

    /**
     * Adds a check that fails decisions closed before storage actually fails (the disk guard's free-space floor):
     * {@code guard} returns why, or empty when storing is safe. Called once per decision; keep it cheap.
     */
    public void failClosedWhen(Supplier<Optional<String>> guard) {
        this.guard = guard;
    }

    /** Why decisions cannot be stored now: the failing commit's error, else the guard's reason, else empty. */
    @Override
    public Optional<String> fault() {
        String error = lastError;
        return error != null ? Optional.of(error) : guard.get();
    }

    /** Decisions submitted and not yet committed (the backlog while storage fails). */
    public synchronized long backlog() {
        return inProgress;
    }

    /** Commit attempts that failed since start (each is retried). */
    public long commitFailures() {
        return commitFailures.get();
    }

    /** Called with every committed trace, on the writer thread; keep it quick. */
    public void onCommitted(Consumer<Trace> listener) {
        committed.add(listener);
    }

    /**
     * Queues {@code trace}. When the route keeps evidence or the calibration sampler wants the frame, the recorder
     * keeps its own reference to {@code image}'s pixels (no copy: OpenCV counts references), so the caller may close
     * its Mat but must not write into those pixels again — the pipeline passes the presentation's private copy.
     * Blocks while the queue is full (storage behind): backpressure, never loss. A {@code storage_fault} decision
     * keeps no pixels: evidence and calibration give way first when the disk is full.
     */
    @Override
    public void submit(Trace trace, Mat image, Runnable onDurable) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("decision recorder is closed");
        }
        boolean faulted = trace.reason() == Reason.STORAGE_FAULT;
        boolean sample = !faulted && calibration.map(c -> c.wants(trace)).orElse(false);
        boolean keep = !faulted && trace.route().keepsEvidence();
        synchronized (this) {
            // re-checked every 100 ms: the limit rises to FAULT_BACKLOG as soon as a fault shows
            while (inProgress >= (faulted || lastError != null ? FAULT_BACKLOG : QUEUE)) {
                wait(100);
            }
            inProgress++;
        }
        Mat copy = keep || sample ? image.submat(0, image.rows(), 0, image.cols()) : null;
        queue.add(new Pending(trace, copy, sample, onDurable));
    }

    /** Waits until every submitted decision is committed; false on timeout. */
    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (inProgress > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    /** The last storage error while it persists, else null. */
    public String lastError() {
        return lastError;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(QUEUE);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, QUEUE - 1);
                commitWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commitWithRetry(List<Pending> batch) throws InterruptedException {
        List<Trace> stored = keepEvidence(batch);
        // short cap: a freed disk should be used within a couple of seconds, and a retry costs one transaction
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        boolean failedBefore = false;
        while (true) {
            try {
                long start = System.nanoTime();
                if (failedBefore && traces.find(stored.get(0).traceId()).isPresent()) {
                    // a commit that reported failure on a full disk can still have reached the file: the batch is
                    // one transaction, so one trace present means all are; inserting again would fail for ever
                    log.warn("decisions reported as not stored were stored after all ({} traces)", stored.size());
                    lastError = null;
                    break;
                }
                commit(stored);
                latency.record("store", (System.nanoTime() - start) / stored.size());
                lastError = null;
                break;
            } catch (SQLException | RuntimeException e) {
                commitFailures.incrementAndGet();
                failedBefore = true;
                db.failed(e); // H2 gave up on the file: let go of it so the retry can open it again
                // H2 names its file channel by identity hash: drop it so the fault reads the same on every retry
                lastError = "storing decisions failed: "
                        + String.valueOf(e.getMessage()).replaceAll("@\\p{XDigit}+", "");
                long delayMs = backoff.nextMillis();
                log.error("{} (retrying in {} ms; {} decisions waiting)", lastError, delayMs, backlog(), e);
                awaitRetry(delayMs);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            notifyCommitted(stored.get(i), p.onDurable());
            if (p.sample()) {
                calibration.get().offer(stored.get(i), p.image()); // logs its own failures; never blocks a decision
            }
            if (p.image() != null) {
                p.image().release();
            }
        }
        synchronized (this) {
            inProgress -= batch.size();
            notifyAll();
        }
    }

    /**
     * Waits {@code delayMs} before the next commit attempt, but while the disk guard reports the disk full no attempt
     * is made at all (each one would fail and may make H2 close the database), and the moment it reports space again
     * the retry runs at once: recovery follows freed space within ~100 ms, not after a long back-off.
     */
    private void awaitRetry(long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        boolean sawFull = false;
        while (running || System.nanoTime() < deadline) {
            boolean full = guard.get().isPresent();
            if (sawFull && !full) {
                return;
            }
            sawFull |= full;
            if (!full && System.nanoTime() >= deadline) {
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, delayMs)));
        }
    }

    private List<Trace> keepEvidence(List<Pending> batch) {
        List<Trace> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (!p.trace().route().keepsEvidence() || p.image() == null) { // storage_fault: no pixels kept
                out.add(p.trace());
                continue;
            }
            long start = System.nanoTime();
            Trace kept;
            try {
                kept = evidence.keep(p.trace(), p.image());
            } catch (RuntimeException e) {
                // an encoder surprise must not end the writer thread: the decision is stored without its evidence
                log.warn("trace {}: evidence not kept", p.trace().traceId(), e);
                kept = p.trace().withError("evidence not kept: " + e);
            }
            long micros = (System.nanoTime() - start) / 1_000;
            out.add(kept.withLatency(kept.latency().withStore(micros)));
            latency.record("evidence", System.nanoTime() - start);
        }
        return out;
    }

    private void commit(List<Trace> stored) throws SQLException {
        try (Connection tx = db.connect()) {
            tx.setAutoCommit(false);
            try {
                long[] seqs = null;
                if (outbox.isPresent()) {
                    List<OutboxEntry> entries = new ArrayList<>(stored.size());
                    for (Trace t : stored) {
                        entries.add(new OutboxEntry("trace", priorityOf(t.route()), TraceJson.toJson(t)));
                    }
                    // one group per run of a priority: the drain claims and deletes it as a whole
                    seqs = outbox.get().appendAll(tx, entries);
                }
                for (int i = 0; i < stored.size(); i++) {
                    // the seq lets retention wait until the trace's item has left the outbox
                    traces.insert(tx, stored.get(i), seqs == null ? null : seqs[i]);
                }
                tx.commit();
                // H2 can return from commit and fail the chunk write just after (ENOSPC): the decision would be
                // shown, then lost when the database reopens. Forcing the write and fsync here turns that into a
                // failed commit, which the retry stores once storage is back (FullDiskCyclesTest).
                AgentDatabase.writeThrough(tx, true);
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        }
    }

    private void notifyCommitted(Trace trace, Runnable onDurable) {
        try {
            onDurable.run();
        } catch (RuntimeException e) {
            log.warn("acknowledging the source failed for trace {}", trace.traceId(), e);
        }
        for (Consumer<Trace> listener : committed) {
            try {
                listener.accept(trace);
            } catch (RuntimeException e) {
                log.warn("listener failed for trace {}", trace.traceId(), e);
            }
        }
    }

    /** Priority-damage traces are never compacted under disk pressure; routine ones may be (docs/mqtt.md). */
    static Priority priorityOf(Route route) {
        return route == Route.PRIORITY_DAMAGE_REVIEW ? Priority.PRIORITY_TRACE : Priority.TRACE;
    }

    /** Commits everything queued, then stops the writer. */
    @Override
    public void close() {
        running = false;
        if (!writer.isAlive()) {
            return; // never started, or already finished
        }
        try {
            writer.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.error("decision writer did not finish within 60 s; {} decisions not stored", queue.size());
        }
    }
}
