package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxDrain;
import io.intakeedge.sync.protocol.Receipt;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The publisher's release thread: deletes rows once they are safe, PUBACKed batches (receipts off) or the groups the
 * collector's receipts cover (receipts on). Everything queued while the previous delete committed goes into the next
 * transaction (group commit without a timer): with {@code WRITE_DELAY=0} each commit is a file write, and one per
 * message capped the drain, while a fixed gather window would delay the last deletes of a backlog. A crash loses at
 * most the deletes of one transaction, i.e. re-sends a few batches, which the collector collapses.
 */
final class ReleaseLoop {
    /** Upper bound of messages per delete transaction: one huge H2 transaction would stall the drain. */
    private static final int MAX_MESSAGES = 64;
    private static final long POLL_MILLIS = 50;
    /** Wait before a failed delete is tried again. */
    private static final long RETRY_MILLIS = 250;

    /** Work that deletes released rows and says how many items went. */
    private interface Release<T> {
        long delete(List<T> group) throws SQLException;
    }

    private final OutboxDrain outbox;
    private final ReceiptLedger ledger;
    private final boolean receiptMode;
    private final LinkedBlockingQueue<OutboxBatch> acks = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Receipt> receipts = new LinkedBlockingQueue<>();
    private final AtomicLong released = new AtomicLong();
    private final AtomicInteger deleting = new AtomicInteger();
    private final BiConsumer<String, Throwable> onError;
    private volatile Instant lastReleaseAt;

    ReleaseLoop(OutboxDrain outbox, ReceiptLedger ledger, boolean receiptMode, BiConsumer<String, Throwable> onError) {
        this.outbox = outbox;
        this.ledger = ledger;
        this.receiptMode = receiptMode;
        this.onError = onError;
    }

    /** A PUBACKed batch whose rows may go (receipts off). */
    void acknowledged(OutboxBatch batch) {
        acks.add(batch);
    }

    /** A receipt from the collector (receipts on). */
    void receipted(Receipt receipt) {
        receipts.add(receipt);
    }

    /** Items deleted so far. */
    long released() {
        return released.get();
    }

    Instant lastReleaseAt() {
        return lastReleaseAt;
    }

    /** Whether releases are queued or a delete is running. */
    boolean busy() {
        return !acks.isEmpty() || !receipts.isEmpty() || deleting.get() > 0;
    }

    /** Runs until {@code keepGoing} turns false and nothing is left to release. */
    void run(BooleanSupplier keepGoing) {
        if (receiptMode) {
            loop(receipts, this::deleteReceipted, keepGoing);
        } else {
            loop(acks, this::deleteAcknowledged, keepGoing);
        }
    }

    private long deleteReceipted(List<Receipt> group) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        for (Receipt receipt : group) {
            ranges.addAll(List.of(receipt.stored()));
        }
        long deleted = outbox.deleteReceipted(ranges);
        group.forEach(ledger::receipted);
        return deleted;
    }

    private long deleteAcknowledged(List<OutboxBatch> group) throws SQLException {
        outbox.acknowledge(group);
        return group.stream().mapToLong(OutboxBatch::itemCount).sum();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> void loop(LinkedBlockingQueue<T> queue, Release<T> release, BooleanSupplier keepGoing) {
        List<T> group = new ArrayList<>();
        while (keepGoing.getAsBoolean() || !queue.isEmpty()) {
            T first;
            try {
                first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            // counted before the rows go, so awaitDrained never sees them gone but not yet counted
            deleting.incrementAndGet();
            try {
                group.add(first);
                queue.drainTo(group, MAX_MESSAGES - 1);
                released.addAndGet(release.delete(group));
                lastReleaseAt = Instant.now();
            } catch (SQLException | RuntimeException e) {
                onError.accept("deleting released rows failed: " + e, e);
                if (keepGoing.getAsBoolean()) {
                    // tried again shortly (a full disk refuses deletes too): the rows are safe centrally, and while
                    // the connection holds nothing else would remove them; after a stop they stay and are sent again
                    // on the next start, where the collector collapses the duplicates
                    queue.addAll(group);
                    pause();
                }
            } finally {
                group.clear();
                deleting.decrementAndGet();
            }
        }
    }
}
