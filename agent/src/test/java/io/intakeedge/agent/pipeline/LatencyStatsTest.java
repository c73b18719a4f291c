package io.intakeedge.agent.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesInMilliseconds() {
        LatencyStats stats = new LatencyStats(1000);
        for (int ms = 1; ms <= 100; ms++) {
            stats.record("invoke", ms * 1_000_000L);
        }
        LatencyStats.Summary s = stats.summaries().get("invoke");
        // 1..100 ms: nearest rank p50 = 50th value, p95 = 95th, p99 = 99th
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50.0);
        assertThat(s.p95()).isEqualTo(95.0);
        assertThat(s.p99()).isEqualTo(99.0);
        assertThat(s.max()).isEqualTo(100.0);
    }

    @Test
    void keepsOnlyTheMostRecentSamplesButCountsAll() {
        LatencyStats stats = new LatencyStats(10);
        for (int i = 0; i < 50; i++) {
            stats.record("store", (i < 40 ? 1_000_000L : 9_000_000L));
        }
        LatencyStats.Summary s = stats.summaries().get("store");
        assertThat(s.count()).isEqualTo(50);
        assertThat(s.p50()).isEqualTo(9.0); // the last ten samples are all 9 ms
    }

    @Test
    void stagesKeepTheirRecordingOrder() {
        LatencyStats stats = new LatencyStats(8);
        stats.record("quality", 1);
        stats.record("invoke", 1);
        stats.record("store", 1);
        assertThat(stats.summaries().keySet()).containsExactly("quality", "invoke", "store");
    }
}
