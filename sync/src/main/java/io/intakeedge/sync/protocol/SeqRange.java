package io.intakeedge.sync.protocol;

/**
 * An inclusive range of a device's outbox sequence numbers, e.g. a gap the collector has not received.
 *
 * @param first first sequence number in the range
 * @param last  last sequence number in the range (inclusive, {@code >= first})
 */
public record SeqRange(long first, long last) {
    public SeqRange {
        if (last < first) {
            throw new IllegalArgumentException("sequence range ends before it starts: " + first + ".." + last);
        }
    }

    /** How many sequence numbers the range holds. */
    public long size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + ".." + last;
    }
}
