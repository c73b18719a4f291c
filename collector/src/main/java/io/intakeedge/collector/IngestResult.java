package io.intakeedge.collector;

import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.ReceivedBatch;
import io.intakeedge.sync.protocol.ReceivedItem;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of one message.
 *
 * @param outcome    stored as data, stored as a device status, or dead-lettered
 * @param stored     items newly stored
 * @param duplicates items already stored before with the same content (collapsed)
 * @param conflicts  items whose {@code (device, seq)} is stored with other content: kept apart, counted, alerted
 * @param reason     the dead-letter reason ({@code malformed}, {@code not_an_integer}, ...), empty otherwise
 * @param detail     what exactly was wrong for dead letters, empty otherwise
 * @param receipt    for a stored batch: the receipt covering every item of it (new and duplicate), to be published
 *                   after the commit; null otherwise
 */
public record IngestResult(Outcome outcome, int stored, int duplicates, int conflicts, String reason, String detail,
                           Receipt receipt) {

    /** The three ways a message ends up in the collector database. */
    public enum Outcome { BATCH, STATUS, DEAD_LETTER }

    /** The receipt to publish, present only for a stored batch. */
    public Optional<Receipt> receiptToSend() {
        return Optional.ofNullable(receipt);
    }

    static IngestResult batch(ReceivedBatch batch, BatchWriter.Tally tally, Instant committedAt) {
        // every item is kept centrally (new, repeated or as a conflicting version), so the receipt names them all
        long[] seqs = batch.items().stream().mapToLong(ReceivedItem::seq).toArray();
        return new IngestResult(Outcome.BATCH, tally.stored(), tally.duplicates(), tally.conflicts(), "", "",
                Receipt.of(batch.site(), batch.device(), seqs, committedAt));
    }

    static IngestResult status() {
        return new IngestResult(Outcome.STATUS, 0, 0, 0, "", "", null);
    }

    static IngestResult deadLetter(String reason, String detail) {
        return new IngestResult(Outcome.DEAD_LETTER, 0, 0, 0, reason, detail, null);
    }
}
