package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxDrain;
import io.intakeedge.sync.outbox.OutboxStats;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OutboxDrain} that counts, in memory, the items handed to it for deletion and the items deleted, so a
 * benchmark can watch a drain's progress without querying the outbox table while it runs.
 */
final class CountingDrain implements OutboxDrain {
    private final OutboxDrain outbox;
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();

    CountingDrain(OutboxDrain outbox) {
        this.outbox = outbox;
    }

    /** Items of PUBACKed batches or receipted ranges handed over for deletion (before their delete commits). */
    long released() {
        return released.get();
    }

    /** Items whose rows are deleted. */
    long deleted() {
        return deleted.get();
    }

    @Override
    public String device() {
        return outbox.device();
    }

    @Override
    public Optional<OutboxBatch> claim(int maxItems, long maxBytes) throws SQLException {
        return outbox.claim(maxItems, maxBytes);
    }

    @Override
    public void acknowledge(List<OutboxBatch> batches) throws SQLException {
        long items = batches.stream().mapToLong(OutboxBatch::itemCount).sum();
        released.addAndGet(items);
        outbox.acknowledge(batches);
        deleted.addAndGet(items);
    }

    @Override
    public long deleteReceipted(List<long[]> ranges) throws SQLException {
        long items = 0;
        for (long[] range : ranges) {
            items += range[1] - range[0] + 1;
        }
        released.addAndGet(items);
        long gone = outbox.deleteReceipted(ranges);
        deleted.addAndGet(gone);
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
