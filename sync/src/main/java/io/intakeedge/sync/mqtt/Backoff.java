package io.intakeedge.sync.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry delay of the project: exponential with "equal jitter" (half the current step plus a random part of
 * the other half), so a fleet of stations that lost the same broker, or collectors that lost the same database, do
 * not retry in lockstep. Used by the station's reconnects, the decision recorder's store retries and the
 * collector's database and reconnect retries. Not thread-safe: one instance per retry loop.
 */
public final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long step;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.step = minMillis;
    }

    /** The delay before the next attempt; doubles the step up to the ceiling. */
    public long nextMillis() {
        long current = step;
        step = Math.min(maxMillis, step * 2);
        return current / 2 + ThreadLocalRandom.current().nextLong(current / 2 + 1);
    }

    /** Sleeps for {@link #nextMillis()} and returns how long it slept. */
    public long pause() throws InterruptedException {
        long delay = nextMillis();
        Thread.sleep(delay);
        return delay;
    }

    /** Starts again from the smallest step (after a success). */
    public void reset() {
        step = minMillis;
    }
}
