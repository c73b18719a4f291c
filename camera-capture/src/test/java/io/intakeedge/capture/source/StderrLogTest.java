package io.intakeedge.capture.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StderrLogTest {
    @Test
    void logsAtABoundedRateKeepsTheLastLinesAndRedacts() {
        var log = new StderrLog("cam-t", 3, 60_000_000_000L, s -> s.replace("s3cret", "***"));
        for (int i = 0; i < 10; i++) {
            log.line("line " + i + " user:s3cret@cam");
        }
        assertThat(log.heldBackTotal()).isEqualTo(7);
        assertThat(log.tail()).doesNotContain("s3cret").contains("line 9 user:***@cam")
                .doesNotContain("line 4 ");
        log.newProcess();
        assertThat(log.tail()).isEmpty();
    }
}
