package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * End-to-end receipt, published by the collector on {@code intake/v1/{site}/{device}/receipts} after the database
 * transaction that stored a batch committed: every seq in {@code stored} is now in the central database (newly or
 * from an earlier delivery). The agent deletes outbox rows only when a receipt covers them, so a broker that
 * acknowledged a message and then lost it cannot lose data. Schema {@value #SCHEMA}; see docs/mqtt.md.
 *
 * @param schema  always {@value #SCHEMA}
 * @param site    site id (also in the topic)
 * @param device  device id (also in the topic)
 * @param stored  inclusive {@code [first, last]} seq ranges, ascending and disjoint, at least one
 * @param at      when the collector committed
 */
@JsonPropertyOrder({"schema", "site", "device", "stored", "at"})
public record Receipt(
        @JsonProperty("schema") String schema,
        @JsonProperty("site") String site,
        @JsonProperty("device") String device,
        @JsonProperty("stored") long[][] stored,
        @JsonProperty("at") Instant at) {

    /** Schema id of this receipt version. */
    public static final String SCHEMA = "intake.receipt/1";

    public Receipt {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("unsupported schema '" + schema + "': expected " + SCHEMA);
        }
        Topic.requireId("site", site);
        Topic.requireId("device", device);
        Objects.requireNonNull(at, "at is missing");
        if (stored == null || stored.length == 0) {
            throw new IllegalArgumentException("receipt has no stored ranges");
        }
        long previous = 0;
        for (long[] range : stored) {
            if (range == null || range.length != 2 || range[0] <= previous || range[1] < range[0]) {
                throw new IllegalArgumentException("stored ranges must be ascending, disjoint [first, last] pairs"
                        + " of positive seqs");
            }
            previous = range[1];
        }
    }

    /** A receipt for the given seqs (ascending), merged into ranges. */
    public static Receipt of(String site, String device, long[] seqs, Instant at) {
        List<long[]> ranges = new ArrayList<>();
        for (long seq : seqs) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && seq == last[1] + 1) {
                last[1] = seq;
            } else {
                ranges.add(new long[] {seq, seq});
            }
        }
        return new Receipt(SCHEMA, site, device, ranges.toArray(long[][]::new), at);
    }

    /** Lowest seq the receipt covers. */
    public long firstSeq() {
        return stored[0][0];
    }

    /** Highest seq the receipt covers. */
    public long lastSeq() {
        return stored[stored.length - 1][1];
    }

    /** Number of seqs covered. */
    public long count() {
        long n = 0;
        for (long[] range : stored) {
            n += range[1] - range[0] + 1;
        }
        return n;
    }
}
