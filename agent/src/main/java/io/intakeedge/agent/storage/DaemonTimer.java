package io.intakeedge.agent.storage;

import io.intakeedge.profiles.ThreadNice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The storage keepers' periodic work: a daemon thread of its own, so it never holds the JVM open. */
final class DaemonTimer {
    private DaemonTimer() {
    }

    /**
     * Runs {@code task} now, then {@code period} after each run ends, on a daemon thread named {@code name};
     * {@code background}: below the decisions' CPU priority ({@link ThreadNice}), for work that can wait for them.
     */
    static ScheduledExecutorService every(String name, Duration period, boolean background, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            if (background) {
                return ThreadNice.background(name, r);
            }
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }
}
