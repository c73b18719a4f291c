package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Frame;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Makes a decision durable: keeps the evidence JPEG when the route calls for it, then writes the trace and its outbox
 * row in ONE H2 transaction, so a trace is never stored without being queued for sync (or the other way round).
 * Listeners (statistics, drift) hear about a trace only after it is committed.
 */
public final class DecisionRecorder {
    private static final Logger log = LoggerFactory.getLogger(DecisionRecorder.class);

    private final AgentDatabase db;
    private final TraceStore traces;
    private final EvidenceStore evidence;
    private final Optional<Outbox> outbox;
    private final LatencyStats latency;
    private final List<Consumer<Trace>> committed = new CopyOnWriteArrayList<>();

    public DecisionRecorder(AgentDatabase db, TraceStore traces, EvidenceStore evidence, Optional<Outbox> outbox,
                            LatencyStats latency) {
        this.db = db;
        this.traces = traces;
        this.evidence = evidence;
        this.outbox = outbox;
        this.latency = latency;
    }

    /** Called with every committed trace, on the capture thread; keep it quick. */
    public void onCommitted(Consumer<Trace> listener) {
        committed.add(listener);
    }

    /**
     * Stores {@code trace}; returns the trace as stored (with its evidence path, or the evidence error noted).
     *
     * @throws SQLException when the database refuses the write: the caller must not acknowledge the frame
     */
    public Trace record(Trace trace, Frame frame) throws SQLException {
        long start = System.nanoTime();
        Trace stored = trace.route().keepsEvidence() ? evidence.keep(trace, frame.image()) : trace;
        long evidenceDone = System.nanoTime();
        stored = stored.withLatency(stored.latency().withStore((evidenceDone - start) / 1_000));
        try (Connection tx = db.connect()) {
            tx.setAutoCommit(false);
            try {
                traces.insert(tx, stored);
                if (outbox.isPresent()) {
                    outbox.get().append(tx, new OutboxEntry("trace", priorityOf(stored.route()),
                            TraceJson.toJson(stored)));
                }
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        }
        latency.record("evidence", evidenceDone - start);
        latency.record("store", System.nanoTime() - evidenceDone);
        for (Consumer<Trace> listener : committed) {
            try {
                listener.accept(stored);
            } catch (RuntimeException e) {
                log.warn("listener failed for trace {}", stored.traceId(), e);
            }
        }
        return stored;
    }

    /** Priority-damage traces are never compacted under disk pressure; routine ones may be (docs/mqtt.md). */
    static Priority priorityOf(Route route) {
        return route == Route.PRIORITY_DAMAGE_REVIEW ? Priority.PRIORITY_TRACE : Priority.TRACE;
    }
}
