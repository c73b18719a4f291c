package io.intakeedge.agent.bundle.delivery;

/**
 * The download's optional rate limit (delivery.max_kib_per_s), as a token bucket of blocks: blocks may be asked for
 * as fast as they accrue, with at most one request's worth saved up. On a small station a download at full speed
 * takes the CPU (hashes, writes, MQTT) in bursts that the decisions feel in their tail; a paced one spreads it out.
 * Used by the delivery thread only. Not sync's {@code TokenBucket}: that one sleeps off its debt, and this thread
 * must keep taking blocks off its queue; here the bucket is only asked how much may be requested now.
 */
final class BlockPace {
    private final double blocksPerNano;
    private final int burst;
    private double tokens;
    private long last;

    private BlockPace(double blocksPerNano, int burst, long now) {
        this.blocksPerNano = blocksPerNano;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /**
     * Blocks per request: {@code perRequest} unpaced; paced, at most an eighth of a second's worth, so that the blocks
     * (and the broker's and the station's work on them) come in small steady bursts, not one big one per request.
     */
    static int requestSize(int kibPerS, int blockSize, int perRequest) {
        if (kibPerS <= 0) {
            return perRequest;
        }
        return (int) Math.max(1, Math.min(perRequest, Math.round(kibPerS * 1024.0 / blockSize / 8)));
    }

    /** {@code kibPerS} 0: no limit. At least one block a second, whatever the block size. */
    static BlockPace of(int kibPerS, int blockSize, int perRequest, long now) {
        if (kibPerS <= 0) {
            return new BlockPace(0, Integer.MAX_VALUE, now);
        }
        double perSecond = Math.max(1.0, kibPerS * 1024.0 / blockSize);
        return new BlockPace(perSecond / 1e9, Math.max(1, perRequest), now);
    }

    /** How many blocks may be asked for now. */
    int allowance(long now) {
        if (blocksPerNano > 0) {
            tokens = Math.min(burst, tokens + (now - last) * blocksPerNano);
            last = now;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(tokens));
    }

    void spend(int blocks) {
        if (blocksPerNano > 0) {
            tokens -= blocks;
        }
    }
}
