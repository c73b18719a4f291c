package io.intakeedge.collector;

import io.intakeedge.sync.protocol.SeqRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the sequence ranges a device's items cover (in ascending order of their first number) into the missing
 * ranges between the device's first sequence number and the highest one received. Ranges may overlap: a compacted
 * summary can cover numbers that also arrived as items.
 */
public final class SeqCoverage {

    /** The first sequence number an agent's outbox hands out (docs/mqtt.md). */
    public static final long FIRST_SEQ = 1;

    private final List<SeqRange> gaps = new ArrayList<>();
    private long next = FIRST_SEQ;

    /** Adds a covered range; ranges must come in ascending order of {@code first}. */
    public void cover(long first, long last) {
        if (first > next) {
            gaps.add(new SeqRange(next, first - 1));
        }
        // saturate: a range ending at Long.MAX_VALUE (stored before ranges were bounded) must not wrap around
        next = Math.max(next, last == Long.MAX_VALUE ? Long.MAX_VALUE : last + 1);
    }

    /** Missing ranges so far, in ascending order. */
    public List<SeqRange> gaps() {
        return List.copyOf(gaps);
    }

    /** Total count of missing sequence numbers. */
    public long missing() {
        long missing = 0;
        for (SeqRange gap : gaps) {
            missing = Saturating.add(missing, gap.size());
        }
        return missing;
    }
}
