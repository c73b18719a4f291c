package io.intakeedge.sync.protocol;

import java.time.Instant;
import java.util.List;

/**
 * One item of a batch envelope as the collector stores it.
 *
 * @param seq         the device's outbox sequence number
 * @param kind        {@code trace}, {@code compacted}, {@code drift} or {@code event}
 * @param createdAt   when the agent created the item
 * @param payloadJson the item's payload object exactly as received (its JSON text, never re-serialised)
 * @param covers      for {@code compacted} items, the sequence ranges the summary stands for; empty otherwise
 */
public record ReceivedItem(long seq, String kind, Instant createdAt, String payloadJson, List<SeqRange> covers) {
    public ReceivedItem {
        covers = List.copyOf(covers);
    }
}
