package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The message published on {@code traces}, {@code drift} and {@code events}: items of one device, ascending
 * {@code seq}. Schema {@value #SCHEMA}; see docs/mqtt.md.
 *
 * @param schema   always {@value #SCHEMA}
 * @param site     site id (also in the topic)
 * @param device   device id (also in the topic)
 * @param firstSeq seq of the first item
 * @param lastSeq  seq of the last item
 * @param sentAt   when the agent built this message (a redelivery carries a newer time)
 * @param items    at least one item, strictly ascending seq
 */
@JsonPropertyOrder({"schema", "site", "device", "first_seq", "last_seq", "sent_at", "items"})
public record BatchEnvelope(
        @JsonProperty("schema") String schema,
        @JsonProperty("site") String site,
        @JsonProperty("device") String device,
        @JsonProperty("first_seq") long firstSeq,
        @JsonProperty("last_seq") long lastSeq,
        @JsonProperty("sent_at") Instant sentAt,
        @JsonProperty("items") List<BatchItem> items) {

    /** Schema id of this envelope version. */
    public static final String SCHEMA = "intake.batch/1";

    public BatchEnvelope {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("unsupported schema '" + schema + "': expected " + SCHEMA);
        }
        Topic.requireId("site", site);
        Topic.requireId("device", device);
        Objects.requireNonNull(sentAt, "sent_at is missing");
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("batch has no items");
        }
        items = List.copyOf(items);
        long previous = 0;
        for (BatchItem item : items) {
            if (item.seq() <= previous) {
                throw new IllegalArgumentException("items must be in strictly ascending seq order: " + item.seq()
                        + " follows " + previous);
            }
            previous = item.seq();
        }
        if (firstSeq != items.get(0).seq() || lastSeq != previous) {
            throw new IllegalArgumentException("first_seq/last_seq " + firstSeq + "/" + lastSeq
                    + " do not match the items' " + items.get(0).seq() + "/" + previous);
        }
    }

    /** Builds an envelope, deriving first/last seq from the items. */
    public static BatchEnvelope of(String site, String device, Instant sentAt, List<BatchItem> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("batch has no items");
        }
        return new BatchEnvelope(SCHEMA, site, device, items.get(0).seq(), items.get(items.size() - 1).seq(),
                sentAt, items);
    }

    /** The channel all items travel on; mixed channels are a programming error. */
    public Channel channel() {
        Channel channel = Channel.forKind(items.get(0).kind());
        for (BatchItem item : items) {
            if (Channel.forKind(item.kind()) != channel) {
                throw new IllegalStateException("batch mixes channels " + channel + " and " + item.kind());
            }
        }
        return channel;
    }
}
