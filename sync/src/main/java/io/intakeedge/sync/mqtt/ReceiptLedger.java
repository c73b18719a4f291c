package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.protocol.Receipt;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Batches the broker acknowledged (PUBACK) that still wait for the collector's end-to-end receipt, oldest first.
 * Only the receipt timeout reads it: the rows themselves stay in the outbox until a receipt deletes them, so this
 * in-memory list may be lost on a restart (everything unreceipted is sent again after every connect anyway).
 * Thread-safe: PUBACKs arrive on Paho threads, receipts on the release thread, the drain thread checks timeouts.
 */
final class ReceiptLedger {
    private record Sent(OutboxBatch batch, long pubackNanos) {
    }

    // keyed by first seq: between two rewinds every seq is claimed once, so first seqs are unique
    private final Map<Long, Sent> awaiting = new LinkedHashMap<>();

    synchronized void pubacked(OutboxBatch batch) {
        awaiting.put(batch.firstSeq(), new Sent(batch, System.nanoTime()));
    }

    /** Forgets the batch this receipt answers (a receipt covers exactly one message's items). */
    synchronized void receipted(Receipt receipt) {
        Sent sent = awaiting.get(receipt.firstSeq());
        if (sent != null && sent.batch().lastSeq() == receipt.lastSeq()) {
            awaiting.remove(receipt.firstSeq());
        }
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
    }

    /** After a reconnect every unreceipted row is sent again, so nothing is awaited any more. */
    synchronized void clear() {
        awaiting.clear();
    }

    synchronized int size() {
        return awaiting.size();
    }
}
