package io.intakeedge.collector;

import io.intakeedge.sync.protocol.Receipt;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of one message.
 *
 * @param outcome    stored as data, stored as a device status, or dead-lettered
 * @param stored     items newly stored
 * @param duplicates items already stored before (collapsed)
 * @param detail     the rejection reason for dead letters, empty otherwise
 * @param receipt    for a stored batch: the receipt covering every item of it (new and duplicate), to be published
 *                   after the commit; null otherwise
 */
public record IngestResult(Outcome outcome, int stored, int duplicates, String detail, Receipt receipt) {

    /** The three ways a message ends up in the collector database. */
    public enum Outcome { BATCH, STATUS, DEAD_LETTER }

    /** A result without a receipt. */
    public IngestResult(Outcome outcome, int stored, int duplicates, String detail) {
        this(outcome, stored, duplicates, detail, null);
    }

    /** The receipt to publish, present only for a stored batch. */
    public Optional<Receipt> receiptToSend() {
        return Optional.ofNullable(receipt);
    }

    static IngestResult batch(ReceivedBatch batch, int stored, int duplicates, Instant committedAt) {
        long[] seqs = batch.items().stream().mapToLong(ReceivedItem::seq).toArray();
        return new IngestResult(Outcome.BATCH, stored, duplicates, "",
                Receipt.of(batch.site(), batch.device(), seqs, committedAt));
    }

    static IngestResult status() {
        return new IngestResult(Outcome.STATUS, 0, 0, "");
    }

    static IngestResult deadLetter(String detail) {
        return new IngestResult(Outcome.DEAD_LETTER, 0, 0, detail);
    }
}
