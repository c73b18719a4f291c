package io.intakeedge.sync.collector;

import java.time.Instant;

/**
 * One item of a batch envelope as the collector stores it.
 *
 * @param seq         the device's outbox sequence number
 * @param kind        {@code trace}, {@code compacted}, {@code drift} or {@code event}
 * @param createdAt   when the agent created the item, or null when the agent did not say
 * @param payloadJson the item's payload object, re-serialized as compact JSON
 * @param covers      for {@code compacted} items, the sequence numbers the summary stands for; null otherwise
 */
public record BatchItem(long seq, String kind, Instant createdAt, String payloadJson, SeqRange covers) {
}
