package io.intakeedge.collector;

import java.util.List;

/**
 * Totals over all devices plus one {@link DeviceStats} per device, as the CLI prints them.
 *
 * @param messages    batch messages stored
 * @param items       distinct items stored
 * @param duplicates  redelivered items collapsed
 * @param deadLetters messages stored in the dead-letter table
 * @param devices     per-device figures, ordered by device id
 */
public record CollectorStats(long messages, long items, long duplicates, long deadLetters,
                             List<DeviceStats> devices) {
    public CollectorStats {
        devices = List.copyOf(devices);
    }

    /** Missing sequence numbers over all devices. */
    public long missing() {
        return devices.stream().mapToLong(DeviceStats::missing).sum();
    }
}
