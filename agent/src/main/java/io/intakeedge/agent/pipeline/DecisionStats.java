package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.trace.Trace;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Running counts of committed decisions for the status page and the demo report. Thread-safe. */
public final class DecisionStats implements Consumer<Trace> {
    private final Map<String, Long> routes = new TreeMap<>();
    private final Map<String, Long> gateReasons = new TreeMap<>();
    private final Map<String, Long> backends = new TreeMap<>();
    private long decisions;
    private Trace last;

    @Override
    public synchronized void accept(Trace trace) {
        decisions++;
        routes.merge(trace.route().code(), 1L, Long::sum);
        trace.gateReasons().forEach(r -> gateReasons.merge(r, 1L, Long::sum));
        if (trace.backend() != null) {
            backends.merge(trace.backend(), 1L, Long::sum);
        }
        last = trace;
    }

    public synchronized long decisions() {
        return decisions;
    }

    public synchronized Map<String, Long> routes() {
        return new TreeMap<>(routes);
    }

    public synchronized Map<String, Long> gateReasons() {
        return new TreeMap<>(gateReasons);
    }

    public synchronized Map<String, Long> backends() {
        return new TreeMap<>(backends);
    }

    public synchronized Optional<Trace> last() {
        return Optional.ofNullable(last);
    }
}
