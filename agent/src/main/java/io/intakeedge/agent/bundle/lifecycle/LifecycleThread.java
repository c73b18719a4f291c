package io.intakeedge.agent.bundle.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The lifecycle's one thread: every step runs here in order, so states never interleave. */
final class LifecycleThread {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleThread.class);

    /** One step; its result is the state it published. */
    @FunctionalInterface
    interface Step {
        StateReport run() throws Exception;
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bundle-lifecycle");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code tick} once a second (the health watch's clock). */
    LifecycleThread(Runnable tick) {
        executor.scheduleAtFixedRate(tick, 1, 1, TimeUnit.SECONDS);
    }

    CompletableFuture<StateReport> on(Step step) {
        CompletableFuture<StateReport> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(step.run());
            } catch (Throwable e) {
                LOG.error("bundle lifecycle step failed", e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code last} after what is queued, then stops. */
    void close(Step last) {
        try {
            on(last).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("bundle lifecycle did not stop cleanly: {}", e.toString());
        }
        executor.shutdownNow();
    }
}
