package io.intakeedge.agent.storage;

import io.intakeedge.profiles.DeviceProfile;

/**
 * The disk a station may use, in bytes, from its device profile.
 *
 * @param minFreeBytes      free space to keep ({@code min_free_disk_mb}); below it evidence and calibration images
 *                          give way, oldest first
 * @param criticalFreeBytes below this much free space traces may no longer be storable: new parcels fail closed to
 *                          {@code manual_intake} (a quarter of {@code min_free_disk_mb}, at least 1 MiB)
 * @param h2Bytes           the H2 file's budget ({@code h2_budget_mb}); above it the guard reports a problem
 * @param evidenceBytes     evidence plus calibration images ({@code evidence_budget_mb}); above it the oldest go
 */
public record DiskBudget(long minFreeBytes, long criticalFreeBytes, long h2Bytes, long evidenceBytes) {
    static final long MIB = 1024L * 1024L;

    public DiskBudget {
        if (minFreeBytes < 0 || criticalFreeBytes < 0 || h2Bytes < 0 || evidenceBytes < 0) {
            throw new IllegalArgumentException("disk budgets must be >= 0");
        }
        if (criticalFreeBytes > minFreeBytes) {
            throw new IllegalArgumentException("the fail-closed floor (" + criticalFreeBytes + " bytes) must not"
                    + " exceed the free space kept (" + minFreeBytes + " bytes)");
        }
    }

    public static DiskBudget of(DeviceProfile profile) {
        long minFree = profile.minFreeDiskMb() * MIB;
        return new DiskBudget(minFree, Math.min(minFree, Math.max(MIB, minFree / 4)), profile.h2BudgetMb() * MIB,
                profile.evidenceBudgetMb() * MIB);
    }
}
