package io.intakeedge.collector;

import java.util.List;

/**
 * Totals over all devices plus one {@link DeviceStats} per device, as the CLI prints them.
 *
 * @param messages    batch messages stored
 * @param items       distinct items stored
 * @param duplicates  redelivered items collapsed
 * @param conflicts   item versions kept apart because they differ from the stored item of the same seq
 * @param deadLetters messages stored in the dead-letter table
 * @param devices     per-device figures, ordered by device id
 */
public record CollectorStats(long messages, long items, long duplicates, long conflicts, long deadLetters,
                             List<DeviceStats> devices) {
    public CollectorStats {
        devices = List.copyOf(devices);
    }

    /** Missing sequence numbers over all devices. */
    public long missing() {
        long missing = 0;
        for (DeviceStats device : devices) {
            missing = Saturating.add(missing, device.missing());
        }
        return missing;
    }
}
