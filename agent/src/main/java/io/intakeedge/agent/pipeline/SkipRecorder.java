package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.trace.Skipped;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.capture.RejectedInput;
import io.intakeedge.capture.presentation.SkippedPresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Accounts for everything that led to no decision: counts it per reason (for {@code /api/status}), stores it in
 * {@code agent_skipped} and tells listeners ({@code run}'s per-parcel lines). Skips are rare next to frames, so the
 * record is written right away on the capture thread; a storage failure is logged and counted, never thrown into the
 * capture loop (the hot-folder file itself is already in {@code failed/} with its reason). Thread-safe.
 */
public final class SkipRecorder {
    private static final Logger log = LoggerFactory.getLogger(SkipRecorder.class);

    private final String deviceId;
    private final String stationId;
    private final String cameraId;
    private final SkippedStore store;
    private final Map<String, Long> presentations = new TreeMap<>();
    private final CopyOnWriteArrayList<Consumer<Skipped>> listeners = new CopyOnWriteArrayList<>();
    private long inputsRejected;
    private long notStored;
    private volatile String lastError;

    public SkipRecorder(String deviceId, String stationId, String cameraId, SkippedStore store) {
        this.deviceId = deviceId;
        this.stationId = stationId;
        this.cameraId = cameraId;
        this.store = store;
    }

    /** Hears every stored (or attempted) record, on the thread that reported it. */
    public void onSkipped(Consumer<Skipped> listener) {
        listeners.add(listener);
    }

    /** A presentation the trigger gave up without a decision (it logged it already). */
    public void presentation(SkippedPresentation p) {
        synchronized (this) {
            presentations.merge(p.reason().code(), 1L, Long::sum);
        }
        keep(Skipped.of(deviceId, stationId, cameraId, p));
    }

    /** An input the source rejected (quarantined) by itself. */
    public void input(RejectedInput r) {
        synchronized (this) {
            inputsRejected++;
        }
        log.warn("input rejected: {} ({})", r.origin(), r.reason());
        keep(Skipped.of(deviceId, stationId, r));
    }

    /** Skipped presentations per reason since start. */
    public synchronized Map<String, Long> presentationsSkipped() {
        return new TreeMap<>(presentations);
    }

    /** Inputs rejected by the source since start (the status page's {@code frames_rejected}). */
    public synchronized long inputsRejected() {
        return inputsRejected;
    }

    /** Records that could not be stored (each was logged with its content). */
    public synchronized long notStored() {
        return notStored;
    }

    /** The last storage error while it persists, else null. */
    public String lastError() {
        return lastError;
    }

    private void keep(Skipped s) {
        try {
            store.store(s);
            lastError = null;
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                notStored++;
            }
            lastError = "storing a skipped record failed: " + e.getMessage();
            log.error("{}; not stored: {}", lastError, s, e);
        }
        for (Consumer<Skipped> listener : listeners) {
            try {
                listener.accept(s);
            } catch (RuntimeException e) {
                log.warn("skip listener failed", e);
            }
        }
    }
}
