package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.sync.drift.DriftMonitor;
import io.intakeedge.sync.drift.DriftObservation;
import io.intakeedge.sync.drift.DriftWindow;
import io.intakeedge.sync.drift.DriftWindowJson;
import io.intakeedge.sync.drift.DriftWindowStore;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Feeds every committed decision into the drift monitor and makes each closed window durable: the window row, its
 * outbox entry and, for a critical window, an alert event go into one transaction (seed 000: drift shows before
 * labels exist).
 */
public final class DriftRecorder implements Consumer<Trace> {
    private static final Logger log = LoggerFactory.getLogger(DriftRecorder.class);

    private final DriftMonitor monitor;
    private final AgentDatabase db;
    private final DriftWindowStore windows = new DriftWindowStore();
    private final Optional<Outbox> outbox;
    /** The newest closed window, for the status page (the store is the record; this is a glance). */
    private volatile DriftWindow last;

    public DriftRecorder(DriftMonitor monitor, AgentDatabase db, Optional<Outbox> outbox) {
        this.monitor = monitor;
        this.db = db;
        this.outbox = outbox;
        DriftWindowStore.migrate(db.dataSource());
    }

    @Override
    public void accept(Trace trace) {
        observationOf(trace).ifPresent(o -> store(monitor.observe(o)));
    }

    /**
     * What drift monitoring sees of a decision: quality values, the positive score when the model ran, the route and
     * the gate reasons. Empty for a trace without quality values or with unmeasurable (NaN) ones — routing has
     * already failed those closed, and they have no place in histograms.
     */
    public static Optional<DriftObservation> observationOf(Trace trace) {
        if (trace.quality() == null) {
            return Optional.empty();
        }
        var q = trace.quality();
        OptionalDouble score = trace.positiveScore() == null ? OptionalDouble.empty()
                : OptionalDouble.of(trace.positiveScore());
        try {
            return Optional.of(new DriftObservation(trace.cameraId(), trace.decidedAt(), q.brightness(),
                    q.blurScore(), q.overExposedFraction(), q.underExposedFraction(), score, trace.route().code(),
                    trace.gateReasons()));
        } catch (IllegalArgumentException e) {
            log.debug("trace {} not observed for drift: {}", trace.traceId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Closes windows whose time is up even when no parcel arrives (called on a timer). */
    public void closeExpired(Instant now) {
        store(monitor.closeExpired(now));
    }

    /** Closes the open windows (at shutdown) so a partial window is not lost. */
    /** A newly active bundle's drift reference (null-safe: empty = none); open windows close against the old. */
    public void replaceReference(Optional<io.intakeedge.sync.drift.ReferenceProfile> next) {
        store(monitor.replaceReference(next));
    }

    public void flush() {
        store(monitor.flush());
    }

    /** The most recently closed window, empty before the first closes. */
    public Optional<DriftWindow> lastWindow() {
        return Optional.ofNullable(last);
    }

    private void store(List<DriftWindow> closed) {
        for (DriftWindow w : closed) {
            last = w;
            try (Connection tx = db.connect()) {
                tx.setAutoCommit(false);
                windows.insert(tx, w);
                if (outbox.isPresent()) {
                    outbox.get().append(tx, new OutboxEntry("drift", Priority.ALERT, DriftWindowJson.write(w)));
                    if (w.isAlert()) {
                        outbox.get().append(tx, new OutboxEntry("event", Priority.ALERT,
                                DriftWindowJson.alertEvent(w)));
                    }
                }
                tx.commit();
                if (w.isAlert()) {
                    log.warn("drift critical on camera {}: {}", w.cameraId(), w.criticalFeatures());
                }
            } catch (SQLException e) {
                log.error("drift window of camera {} could not be stored", w.cameraId(), e);
            }
        }
    }
}
