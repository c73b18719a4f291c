package io.intakeedge.sync.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay with "equal jitter": half the current step plus a random part of the other half, so a
 * fleet of stations that lost the same broker does not reconnect in lockstep.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long step;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.step = minMillis;
    }

    /** The delay before the next attempt; doubles the step up to the ceiling. */
    long nextMillis() {
        long current = step;
        step = Math.min(maxMillis, step * 2);
        return current / 2 + ThreadLocalRandom.current().nextLong(current / 2 + 1);
    }

    void reset() {
        step = minMillis;
    }
}
