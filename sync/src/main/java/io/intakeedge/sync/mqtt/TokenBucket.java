package io.intakeedge.sync.mqtt;

/**
 * Token-bucket rate limit on items per second, used only by the drain thread (callers never wait on it). A request
 * larger than the bucket is let through by going into debt, so a big batch is delayed rather than stuck.
 */
final class TokenBucket {
    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    /** @param perSecond refill rate; 0 disables the limit */
    TokenBucket(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.capacity = burst;
        this.tokens = burst;
    }

    /** Takes {@code n} tokens, sleeping while the bucket is in debt. */
    void acquire(int n) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perSecond / 1e9);
        last = now;
        tokens -= n;
        if (tokens < 0) {
            long waitNanos = (long) (-tokens / perSecond * 1e9);
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
