package io.intakeedge.sync.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A validated batch envelope ({@code intake.batch/1}, see docs/mqtt.md).
 *
 * @param site     site id, equal to the topic's site
 * @param device   device id, equal to the topic's device
 * @param firstSeq the first item's sequence number
 * @param lastSeq  the last item's sequence number
 * @param sentAt   when the station built the message
 * @param items    items in strictly ascending sequence order
 */
public record ReceivedBatch(String site, String device, long firstSeq, long lastSeq, Instant sentAt,
                            List<ReceivedItem> items) {
    public ReceivedBatch {
        items = List.copyOf(items);
    }
}
