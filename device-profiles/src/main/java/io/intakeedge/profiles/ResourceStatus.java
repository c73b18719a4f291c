package io.intakeedge.profiles;

import java.nio.file.Path;
import java.util.List;

/**
 * Disk and memory headroom of a running agent measured against its {@link DeviceProfile}; shown on the status
 * page. Sizes are MiB; {@code freeDiskMb} is -1 when the data directory could not be measured.
 *
 * @param profileId     profile the limits come from
 * @param dataDir       directory whose file system was measured
 * @param freeDiskMb    usable space left on the data directory's file system
 * @param minFreeDiskMb space the profile asks to keep free
 * @param usedHeapMb    heap in use now
 * @param maxHeapMb     the JVM's maximum heap (-Xmx)
 * @param memoryLimitMb memory the profile allows the agent
 * @param thermal       the profile's thermal zones now (ok, throttle, critical, unreadable, absent)
 * @param problems      what is wrong, one sentence each; empty when healthy
 */
public record ResourceStatus(String profileId, Path dataDir, long freeDiskMb, long minFreeDiskMb,
                             long usedHeapMb, long maxHeapMb, long memoryLimitMb, List<ThermalState> thermal,
                             List<String> problems) {

    public ResourceStatus {
        thermal = List.copyOf(thermal);
        problems = List.copyOf(problems);
    }

    /** True when the data directory has room and the heap fits the profile. */
    public boolean healthy() {
        return problems.isEmpty();
    }

    /** Heap that can still be allocated before the JVM's maximum is reached. */
    public long availableHeapMb() {
        return maxHeapMb - usedHeapMb;
    }
}
