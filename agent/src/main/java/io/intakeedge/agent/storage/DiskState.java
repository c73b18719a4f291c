package io.intakeedge.agent.storage;

import java.time.Instant;
import java.util.List;

/**
 * The disk guard's last look at the data directory, for {@code /api/status} ({@code storage.disk}). Sizes in bytes.
 *
 * @param level             {@code ok}; {@code low} (under the free-space floor or over the evidence budget:
 *                          evidence and calibration images give way); {@code critical} (under the fail-closed floor:
 *                          new parcels go to {@code manual_intake}); {@code unknown} (not measurable)
 * @param freeBytes         usable space on the data directory's file system, -1 when unknown
 * @param h2Bytes           size of the H2 database file
 * @param evidenceBytes     evidence plus calibration images on disk
 * @param budget            the profile's limits
 * @param imagesDeleted     evidence and calibration images deleted to make room since start
 * @param imageBytesDeleted their bytes
 * @param problems          what is wrong, one sentence each; empty when the level is {@code ok}
 */
public record DiskState(String level, Instant checkedAt, long freeBytes, long h2Bytes, long evidenceBytes,
                        DiskBudget budget, long imagesDeleted, long imageBytesDeleted, List<String> problems) {
    public static final String OK = "ok";
    public static final String LOW = "low";
    public static final String CRITICAL = "critical";
    public static final String UNKNOWN = "unknown";

    public DiskState {
        problems = List.copyOf(problems);
    }
}
