package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.sync.protocol.ProtocolException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The seqs a {@code compacted} summary stands for. A summary takes over the seq of the newest trace it compacted
 * (TraceCompactor), so everything it covers lies in {@code [1, seq]}; ranges ascend and are disjoint. These bounds
 * keep every sum over them inside a long: a range reaching 2^63-1 once crashed the collector's stats report.
 */
final class CompactedRanges {
    /** Most ranges one summary may list. */
    static final int MAX_RANGES = 100_000;

    private CompactedRanges() {
    }

    /** {@code ranges} ([[a,b],...]) when the summary lists them, else the whole first_seq..last_seq. */
    static List<SeqRange> of(long seq, JsonNode payload) {
        String where = "compacted item " + seq + ": ";
        long first = StrictFields.seq(payload, "first_seq", where);
        long last = StrictFields.seq(payload, "last_seq", where);
        if (last < first || last > seq) {
            throw new ProtocolException(Reason.OUT_OF_RANGE, where + "covers " + first + ".." + last
                    + ", which must start before it ends and end at or before the summary's own seq " + seq);
        }
        JsonNode ranges = payload.get("ranges");
        if (ranges == null) {
            return List.of(new SeqRange(first, last));
        }
        if (!ranges.isArray() || ranges.isEmpty() || ranges.size() > MAX_RANGES) {
            throw new ProtocolException(Reason.INVALID, where + "'ranges' must be an array of 1-" + MAX_RANGES
                    + " [first, last] pairs");
        }
        List<SeqRange> covers = new ArrayList<>(ranges.size());
        long previous = first - 1;
        for (JsonNode range : ranges) {
            if (!range.isArray() || range.size() != 2) {
                throw new ProtocolException(Reason.INVALID, where + "range " + StrictFields.abbreviate(range)
                        + " is not a [first, last] pair");
            }
            long a = StrictFields.seq(range.get(0), where + "range start");
            long b = StrictFields.seq(range.get(1), where + "range end");
            if (a <= previous || b < a || b > last) {
                throw new ProtocolException(Reason.OUT_OF_RANGE, where + "range " + a + ".." + b + " must lie in "
                        + first + ".." + last + ", ascend and not overlap the previous one");
            }
            covers.add(new SeqRange(a, b));
            previous = b;
        }
        return covers;
    }
}
