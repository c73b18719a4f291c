package io.intakeedge.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a station still has the disk and memory its {@link DeviceProfile} asks for. A station that runs out of
 * disk stops storing traces and evidence, one that outgrows its memory is killed by the OS; both should show up on
 * the status page before they happen. A zone the profile names that is too hot is a problem too; an unreadable or
 * absent zone is shown but is not one (Orin's vision-accelerator zones are unreadable while power-gated).
 */
public final class ResourceGuard {

    /** Heap below this fraction of the maximum left free counts as low. */
    static final double LOW_HEAP_FRACTION = 0.10;
    private static final long MIB = 1024L * 1024L;

    private final DeviceProfile profile;
    private final ThermalReader thermal;

    public ResourceGuard(DeviceProfile profile) {
        this(profile, new ThermalReader(Path.of("/")));
    }

    /** A guard reading thermal zones with {@code thermal} (a fake tree in tests). */
    public ResourceGuard(DeviceProfile profile, ThermalReader thermal) {
        this.profile = profile;
        this.thermal = thermal;
    }

    /** A snapshot of the JVM heap, in bytes. */
    public record HeapUsage(long usedBytes, long maxBytes) {
        /** The heap of this JVM now. */
        public static HeapUsage current() {
            Runtime rt = Runtime.getRuntime();
            return new HeapUsage(rt.totalMemory() - rt.freeMemory(), rt.maxMemory());
        }
    }

    /** Measures the data directory's file system and this JVM's heap. */
    public ResourceStatus check(Path dataDir) {
        return check(dataDir, HeapUsage.current());
    }

    /** Measures the data directory's file system against the profile, with a given heap snapshot. */
    public ResourceStatus check(Path dataDir, HeapUsage heap) {
        List<String> problems = new ArrayList<>();
        long freeMb = freeDiskMb(dataDir, problems);
        if (freeMb >= 0 && freeMb < profile.minFreeDiskMb()) {
            problems.add("data directory " + dataDir + " has " + freeMb + " MiB free, profile " + profile.id()
                    + " asks for at least " + profile.minFreeDiskMb() + " MiB");
        }
        long usedMb = heap.usedBytes() / MIB;
        long maxMb = heap.maxBytes() / MIB;
        if (maxMb > profile.memoryLimitMb()) {
            problems.add("JVM maximum heap " + maxMb + " MiB exceeds the profile's memory limit of "
                    + profile.memoryLimitMb() + " MiB (lower -Xmx)");
        }
        if (heap.maxBytes() - heap.usedBytes() < LOW_HEAP_FRACTION * heap.maxBytes()) {
            problems.add("heap nearly full: " + usedMb + " of " + maxMb + " MiB in use");
        }
        List<ThermalState> zones = ThermalState.of(profile.thermalZones(), thermal.read());
        for (ThermalState z : zones) {
            if (z.hot()) {
                problems.add("thermal zone " + z.type() + " at " + z.celsius() + " °C: " + z.state() + " (throttle "
                        + z.throttleC() + " °C, critical " + z.criticalC() + " °C)");
            }
        }
        return new ResourceStatus(profile.id(), dataDir, freeMb, profile.minFreeDiskMb(), usedMb, maxMb,
                profile.memoryLimitMb(), zones, problems);
    }

    private static long freeDiskMb(Path dataDir, List<String> problems) {
        if (!Files.isDirectory(dataDir)) {
            problems.add("data directory " + dataDir + " does not exist or is not a directory");
            return -1;
        }
        try {
            return Files.getFileStore(dataDir).getUsableSpace() / MIB;
        } catch (IOException e) {
            problems.add("cannot measure free space of " + dataDir + ": " + e.getMessage());
            return -1;
        }
    }
}
