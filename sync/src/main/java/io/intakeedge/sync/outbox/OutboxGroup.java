package io.intakeedge.sync.outbox;

/**
 * One outbox row: the items of one append group (consecutive seqs, one priority and kind), already in the JSON form
 * they take inside an envelope's {@code items} array.
 *
 * @param firstSeq  seq of the first item, the row's key
 * @param lastSeq   seq of the last item; the group holds every seq in between
 * @param itemsJson the items as JSON objects joined by commas (no brackets), UTF-8; not copied (hot path), so
 *                  callers must not modify it
 */
public record OutboxGroup(long firstSeq, long lastSeq, byte[] itemsJson) {
    public OutboxGroup {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("group seqs must satisfy 1 <= first <= last, got " + firstSeq + ".."
                    + lastSeq);
        }
    }

    /** UTF-8 size of the items, what the disk budget counts. */
    public int bytes() {
        return itemsJson.length;
    }

    public int itemCount() {
        return (int) (lastSeq - firstSeq + 1);
    }
}
