package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxGroup;
import io.intakeedge.sync.protocol.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Batches the broker acknowledged (PUBACK) that still wait for the collector's end-to-end receipt, oldest first.
 * Only the receipt timeout reads it: the rows themselves stay in the outbox until a receipt deletes them, so this
 * in-memory list may be lost on a restart (everything unreceipted is sent again after every connect anyway).
 * Thread-safe: PUBACKs arrive on Paho threads, receipts on the release thread, the drain thread checks timeouts.
 */
final class ReceiptLedger {
    private static final byte[] NO_ITEMS = new byte[0];

    private record Sent(OutboxBatch batch, long pubackNanos) {
    }

    // keyed by first seq: between two rewinds every seq is claimed once, so first seqs are unique
    private final Map<Long, Sent> awaiting = new LinkedHashMap<>(); // PUBACK order, for the timeout
    private final TreeMap<Long, Sent> byFirstSeq = new TreeMap<>(); // seq order, for receipts

    /** Records a PUBACKed batch; keeps its seqs, not its items (a backlog in flight must not stay in memory). */
    synchronized void pubacked(OutboxBatch batch) {
        List<OutboxGroup> keys = new ArrayList<>(batch.groups().size());
        for (OutboxGroup g : batch.groups()) {
            keys.add(new OutboxGroup(g.firstSeq(), g.lastSeq(), NO_ITEMS));
        }
        Sent sent = new Sent(new OutboxBatch(batch.priority(), batch.channel(), keys, batch.payloadBytes()),
                System.nanoTime());
        awaiting.put(batch.firstSeq(), sent);
        byFirstSeq.put(batch.firstSeq(), sent);
    }

    /**
     * Forgets every batch the receipt covers completely. A collector's receipt names what one transaction stored for
     * this device, which may be several messages (or, from an older collector, exactly one).
     */
    synchronized void receipted(Receipt receipt) {
        Iterator<Sent> candidates = byFirstSeq.subMap(receipt.firstSeq(), true, receipt.lastSeq(), true).values()
                .iterator();
        while (candidates.hasNext()) {
            Sent sent = candidates.next();
            if (covers(receipt.stored(), sent.batch())) {
                candidates.remove();
                awaiting.remove(sent.batch().firstSeq());
            }
        }
    }

    /** Whether every group of the batch lies inside one of the (ascending, disjoint) ranges. */
    static boolean covers(long[][] ranges, OutboxBatch batch) {
        for (OutboxGroup g : batch.groups()) {
            if (!covers(ranges, g.firstSeq(), g.lastSeq())) {
                return false;
            }
        }
        return true;
    }

    private static boolean covers(long[][] ranges, long first, long last) {
        int lo = 0;
        int hi = ranges.length - 1;
        while (lo <= hi) { // the last range starting at or before first
            int mid = (lo + hi) >>> 1;
            if (ranges[mid][0] <= first) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && last <= ranges[hi][1];
    }

    /** The oldest batch PUBACKed longer than {@code timeout} ago, if any. */
    synchronized Optional<OutboxBatch> oldestOverdue(Duration timeout) {
        Iterator<Sent> oldest = awaiting.values().iterator();
        if (!oldest.hasNext()) {
            return Optional.empty();
        }
        Sent sent = oldest.next();
        return System.nanoTime() - sent.pubackNanos() > timeout.toNanos() ? Optional.of(sent.batch())
                : Optional.empty();
    }

    synchronized void forget(OutboxBatch batch) {
        awaiting.remove(batch.firstSeq());
        byFirstSeq.remove(batch.firstSeq());
    }

    /** After a reconnect every unreceipted row is sent again, so nothing is awaited any more. */
    synchronized void clear() {
        awaiting.clear();
        byFirstSeq.clear();
    }

    synchronized int size() {
        return awaiting.size();
    }
}
