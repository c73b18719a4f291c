package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnect backoff and the drain's token bucket. */
class PacingTest {
    @Test
    void backoffDoublesWithJitterUpToTheCeilingAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] steps = {100, 200, 400, 800, 1000, 1000};
        for (long step : steps) {
            assertThat(backoff.nextMillis()).isBetween(step / 2, step);
        }
        backoff.reset();
        assertThat(backoff.nextMillis()).isBetween(50L, 100L);
    }

    @Test
    void tokenBucketHoldsTheRateAfterTheBurst() throws Exception {
        TokenBucket bucket = new TokenBucket(2000, 100);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            bucket.acquire(100); // 1000 items: 100 from the burst, 900 at 2000/s
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isGreaterThanOrEqualTo(0.44);
        TokenBucket unlimited = new TokenBucket(0, 1);
        long t0 = System.nanoTime();
        unlimited.acquire(1_000_000);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(0.1);
    }
}
