package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.Channel;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Whole outbox groups claimed for one MQTT message: same priority and channel, ascending seq. Claimed groups stay in
 * the outbox until {@link OutboxDrain#acknowledge} or a receipt deletes them.
 *
 * @param priority     priority of all items
 * @param channel      topic leaf all items travel on
 * @param groups       at least one group, ascending seq
 * @param payloadBytes sum of the groups' sizes
 */
public record OutboxBatch(Priority priority, Channel channel, List<OutboxGroup> groups, long payloadBytes) {
    public OutboxBatch {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("an outbox batch has at least one group");
        }
    }

    public long firstSeq() {
        return groups.get(0).firstSeq();
    }

    public long lastSeq() {
        return groups.get(groups.size() - 1).lastSeq();
    }

    public int itemCount() {
        return groups.stream().mapToInt(OutboxGroup::itemCount).sum();
    }

    /** Item sequence numbers, in order. */
    public long[] seqs() {
        return groups.stream().flatMapToLong(g -> LongStream.rangeClosed(g.firstSeq(), g.lastSeq())).toArray();
    }
}
