package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxDrain;
import io.intakeedge.sync.outbox.OutboxStats;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OutboxDrain} that counts, in memory, the items deleted and notes when the first claim and the last
 * expected delete happened, so a benchmark can time a drain without querying the outbox table while it runs.
 */
final class CountingDrain implements OutboxDrain {
    private final OutboxDrain outbox;
    private final AtomicLong deleted = new AtomicLong();
    private final long expected;
    private volatile long firstClaimNanos;
    private volatile long doneNanos;

    /** @param expected items whose delete ends the drain being timed */
    CountingDrain(OutboxDrain outbox, long expected) {
        this.outbox = outbox;
        this.expected = expected;
    }

    /** Whether every expected item is deleted. */
    boolean done() {
        return doneNanos != 0;
    }

    /** {@link System#nanoTime()} when the last expected item was deleted. */
    long doneNanos() {
        return doneNanos;
    }

    /** Items per second from the first claim to the last delete. */
    double rate() {
        return expected / ((doneNanos - firstClaimNanos) / 1e9);
    }

    private void deletedNow(long items) {
        if (deleted.addAndGet(items) >= expected && doneNanos == 0) {
            doneNanos = System.nanoTime();
        }
    }

    @Override
    public String device() {
        return outbox.device();
    }

    @Override
    public Optional<OutboxBatch> claim(int maxItems, long maxBytes) throws SQLException {
        if (firstClaimNanos == 0) {
            firstClaimNanos = System.nanoTime();
        }
        return outbox.claim(maxItems, maxBytes);
    }

    @Override
    public void acknowledge(List<OutboxBatch> batches) throws SQLException {
        long items = batches.stream().mapToLong(OutboxBatch::itemCount).sum();
        outbox.acknowledge(batches);
        deletedNow(items);
    }

    @Override
    public long deleteReceipted(List<long[]> ranges) throws SQLException {
        long gone = outbox.deleteReceipted(ranges);
        deletedNow(gone);
        return gone;
    }

    @Override
    public boolean holdsAny(OutboxBatch batch) throws SQLException {
        return outbox.holdsAny(batch);
    }

    @Override
    public void releaseAll() {
        outbox.releaseAll();
    }

    @Override
    public OutboxStats stats() throws SQLException {
        return outbox.stats();
    }

    @Override
    public void onAppend(Runnable listener) {
        outbox.onAppend(listener);
    }

    @Override
    public void awaitOpenAppends() {
        outbox.awaitOpenAppends();
    }
}
