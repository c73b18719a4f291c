package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The status snapshot the HTTP side hands out, rebuilt at most once per {@code reuse}: a hundred requests a second
 * from tablets and scrapers cost a few snapshots a second, not a hundred (each reads disk, heap, thermal zones and
 * percentiles, and the capture thread shares the cores). Thread-safe; concurrent callers of a stale snapshot wait for
 * one rebuild.
 */
public final class RecentStatus implements Supplier<AgentStatus> {
    private final Supplier<AgentStatus> source;
    private final long reuseNanos;
    private AgentStatus cached;
    private long builtAt;

    public RecentStatus(Supplier<AgentStatus> source, Duration reuse) {
        this.source = source;
        this.reuseNanos = reuse.toNanos();
    }

    @Override
    public synchronized AgentStatus get() {
        long now = System.nanoTime();
        if (cached == null || now - builtAt >= reuseNanos) {
            cached = source.get();
            builtAt = System.nanoTime();
        }
        return cached;
    }
}
