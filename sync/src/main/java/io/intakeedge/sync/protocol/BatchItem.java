package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of a {@link BatchEnvelope}.
 *
 * <p>The payload is kept as JSON text so the agent forwards what it stored without re-parsing it; on the way in
 * {@link BatchReader} hands it back exactly as received.
 *
 * @param seq         the device's outbox sequence number
 * @param kind        {@link ItemKind}: trace, compacted, drift or event
 * @param createdAt   when the agent wrote the item into its outbox
 * @param payloadJson one JSON object
 */
@JsonPropertyOrder({"seq", "kind", "created_at", "payload"})
public record BatchItem(
        @JsonProperty("seq") long seq,
        @JsonProperty("kind") String kind,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("payload") @JsonRawValue String payloadJson) {

    public BatchItem {
        if (seq < 1) {
            throw new IllegalArgumentException("item seq must be >= 1, got " + seq);
        }
        if (!ItemKind.isKnown(kind)) {
            throw new IllegalArgumentException("item " + seq + " has unknown kind '" + kind
                    + "': expected trace, compacted, drift or event");
        }
        Objects.requireNonNull(createdAt, () -> "item " + seq + " lacks created_at");
        Objects.requireNonNull(payloadJson, () -> "item " + seq + " lacks payload");
    }
}
