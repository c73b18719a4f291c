package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import java.util.List;

/**
 * Entries claimed for one MQTT message: same priority and channel, ascending seq. Claimed entries stay in the
 * outbox until {@link H2Outbox#acknowledge(OutboxBatch)}.
 *
 * @param priority     priority of all items
 * @param channel      topic leaf all items travel on
 * @param items        at least one item
 * @param payloadBytes sum of the items' payload sizes
 */
public record OutboxBatch(Priority priority, Channel channel, List<BatchItem> items, long payloadBytes) {
    public OutboxBatch {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an outbox batch has at least one item");
        }
    }

    public long firstSeq() {
        return items.get(0).seq();
    }

    public long lastSeq() {
        return items.get(items.size() - 1).seq();
    }

    /** Item sequence numbers, in order. */
    public long[] seqs() {
        return items.stream().mapToLong(BatchItem::seq).toArray();
    }
}
