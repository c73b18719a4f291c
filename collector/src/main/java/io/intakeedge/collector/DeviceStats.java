package io.intakeedge.collector;

import io.intakeedge.sync.protocol.SeqRange;
import java.time.Instant;
import java.util.List;

/**
 * What the collector holds for one device.
 *
 * @param site        site id of the device's latest message
 * @param device      device id
 * @param messages    batch messages stored (redeliveries included)
 * @param items       distinct items stored
 * @param duplicates  items received again with the same content and collapsed onto the stored copy
 * @param conflicts   versions kept apart because their content differs from the item stored under the same seq
 * @param compacted   sequence numbers accounted for by compacted summaries (traces the agent compacted)
 * @param highestSeq  the highest sequence number received
 * @param gaps        missing sequence ranges between the first sequence number and {@code highestSeq}
 * @param lastMessage when the latest batch was stored
 */
public record DeviceStats(String site, String device, long messages, long items, long duplicates, long conflicts,
                          long compacted,
                          long highestSeq, List<SeqRange> gaps, Instant lastMessage) {
    public DeviceStats {
        gaps = List.copyOf(gaps);
    }

    /** How many sequence numbers are missing. */
    public long missing() {
        long missing = 0;
        for (SeqRange gap : gaps) {
            missing = Saturating.add(missing, gap.size());
        }
        return missing;
    }
}
