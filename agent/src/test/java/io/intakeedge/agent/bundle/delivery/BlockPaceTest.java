package io.intakeedge.agent.bundle.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The download's rate limit, on a clock the test moves. */
class BlockPaceTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void blocksAccrueAtTheRateWithOneRequestSavedUpAtMost() {
        BlockPace pace = BlockPace.of(1024, 128 * 1024, 4, 0); // 1 MiB/s of 128 KiB blocks: 8 blocks a second
        assertThat(pace.allowance(0)).as("one request's worth to start").isEqualTo(4);
        pace.spend(4);
        assertThat(pace.allowance(S / 8)).isEqualTo(1);
        assertThat(pace.allowance(S / 2)).isEqualTo(4);
        assertThat(pace.allowance(10 * S)).as("an idle while saves up no more than a request").isEqualTo(4);
        pace.spend(4);
        assertThat(pace.allowance(10 * S)).isZero();
    }

    @Test
    void noLimitAllowsAnythingAndATinyRateStillMoves() {
        BlockPace free = BlockPace.of(0, 128 * 1024, 16, 0);
        free.spend(1_000_000);
        assertThat(free.allowance(0)).isEqualTo(Integer.MAX_VALUE);
        BlockPace slow = BlockPace.of(1, 128 * 1024, 16, 0); // below a block a second: one a second
        slow.spend(16);
        assertThat(slow.allowance(S / 2)).isZero();
        assertThat(slow.allowance(S)).isEqualTo(1);
    }

    @Test
    void pacedRequestsAskForAnEighthOfASecondsBlocks() {
        assertThat(BlockPace.requestSize(0, 130_048, 16)).as("unpaced: whole requests").isEqualTo(16);
        assertThat(BlockPace.requestSize(4096, 130_048, 16)).as("32 blocks/s").isEqualTo(4);
        assertThat(BlockPace.requestSize(4096, 8 * 1024, 16)).as("512 blocks/s: capped").isEqualTo(16);
        assertThat(BlockPace.requestSize(64, 130_048, 16)).as("below 8 blocks/s: one").isEqualTo(1);
    }

}
