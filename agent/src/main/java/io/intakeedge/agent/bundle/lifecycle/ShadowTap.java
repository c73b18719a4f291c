package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.pipeline.DecisionSink;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.profiles.ThreadNice;
import io.intakeedge.quantization.runtime.InferenceException;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sits between the pipeline and its {@link DecisionSink}: every decision goes on to the sink unchanged (routing always
 * uses the active bundle), and while a candidate is in shadow, a copy of the decided frame is scored by the candidate
 * on a thread of its own — the candidate's quality gate on the same measurements, its model with its preprocessing,
 * its routing policy — and the two routes are compared. The live path never waits for the shadow: when the shadow
 * scorer is behind, the decision is counted as {@code skipped}.
 */
public final class ShadowTap implements DecisionSink {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowTap.class);
    private static final int QUEUE = 4;

    private record Job(Trace trace, Mat image) {
    }

    /** One shadow run: the candidate's serving and its running tallies. */
    private static final class Run {
        final Serving candidate;
        final String active;
        final Consumer<ShadowStats> listener;
        final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
        final Map<String, Long> activeRoutes = new HashMap<>();
        final Map<String, Long> candidateRoutes = new HashMap<>();
        final Map<String, Long> shifts = new HashMap<>();
        long compared;
        long agreed;
        long skipped;
        long errors;
        volatile boolean stopping;
        Thread thread;

        Run(Serving candidate, String active, Consumer<ShadowStats> listener) {
            this.candidate = candidate;
            this.active = active;
            this.listener = listener;
        }

        synchronized ShadowStats stats() {
            return new ShadowStats(candidate.bundle().displayName(), active, compared, agreed, skipped, errors,
                    activeRoutes, candidateRoutes, shifts);
        }
    }

    private final DecisionSink delegate;
    private volatile Run run;

    public ShadowTap(DecisionSink delegate) {
        this.delegate = delegate;
    }

    /**
     * Starts scoring every decision with {@code candidate} too. {@code listener} hears the tallies after each
     * comparison (on the shadow thread). The tap owns nothing: the caller closes {@code candidate} after
     * {@link #stop}.
     */
    public synchronized void start(Serving candidate, String activeBundle, Consumer<ShadowStats> listener) {
        if (run != null) {
            throw new IllegalStateException("a shadow run of " + run.candidate.bundle().displayName() + " is active");
        }
        Run r = new Run(candidate, activeBundle, listener);
        r.thread = ThreadNice.background("bundle-shadow", () -> work(r)); // the active bundle's decisions first
        run = r;
        r.thread.start();
    }

    /** Ends the shadow run; when this returns the candidate's serving is no longer used here. Null when none ran. */
    public synchronized ShadowStats stop() throws InterruptedException {
        Run r = run;
        if (r == null) {
            return null;
        }
        run = null;
        r.stopping = true;
        r.thread.join(Duration.ofSeconds(30).toMillis());
        for (Job j = r.queue.poll(); j != null; j = r.queue.poll()) {
            j.image().release();
        }
        return r.stats();
    }

    /** The running tallies, if a candidate is in shadow. */
    public ShadowStats current() {
        Run r = run;
        return r == null ? null : r.stats();
    }

    @Override
    public void submit(Trace trace, Mat image, Runnable onDurable) throws InterruptedException {
        Run r = run;
        // a storage_fault decision says nothing about the active bundle: nothing to compare the candidate with
        if (r != null && trace.quality() != null && trace.bundle() != null && trace.reason() != Reason.STORAGE_FAULT) {
            Mat copy = image.clone(); // the pipeline releases its frame after the decision
            if (!r.queue.offer(new Job(trace, copy))) {
                copy.release();
                synchronized (r) {
                    r.skipped++;
                }
            }
        }
        delegate.submit(trace, image, onDurable);
    }

    @Override
    public Optional<String> fault() {
        return delegate.fault();
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        return delegate.flush(timeout);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }

    private void work(Run r) {
        while (!r.stopping) {
            Job job;
            try {
                job = r.queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                compare(r, job.trace(), job.image());
            } catch (RuntimeException e) {
                LOG.warn("shadow scoring of trace {} failed: {}", job.trace().traceId(), e.toString());
                synchronized (r) {
                    r.errors++;
                }
            } finally {
                job.image().release();
            }
            r.listener.accept(r.stats());
        }
    }

    private static void compare(Run r, Trace trace, Mat image) {
        Serving c = r.candidate;
        GateVerdict verdict = c.policy().gate(trace.quality());
        ModelOutcome outcome = ModelOutcome.notRun();
        if (verdict.passed()) {
            try {
                outcome = ModelOutcome.scored(c.backend().classify(image,
                        trace.quality().parcelBox().orElseThrow().toRect()));
            } catch (InferenceException e) {
                outcome = ModelOutcome.failed(e);
            }
        }
        Decision d = c.policy().decide(verdict, outcome);
        String was = trace.route().code();
        String would = d.route().code();
        synchronized (r) {
            r.compared++;
            if (outcome instanceof ModelOutcome.Failed) {
                r.errors++;
            }
            r.activeRoutes.merge(was, 1L, Long::sum);
            r.candidateRoutes.merge(would, 1L, Long::sum);
            if (was.equals(would)) {
                r.agreed++;
            } else {
                r.shifts.merge(was + "->" + would, 1L, Long::sum);
            }
        }
    }
}
