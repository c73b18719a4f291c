package io.intakeedge.agent.storage;

/**
 * Whether the station can make its decisions durable, for {@code /api/status} ({@code storage}).
 *
 * @param disk           the disk guard's last check
 * @param fault          why traces cannot be stored now (commit failing, disk under the fail-closed floor), or
 *                       null; while set every new parcel goes to {@code manual_intake} with reason
 *                       {@code storage_fault}
 * @param backlog        decisions taken and not yet committed: none of them is shown, and no hot-folder file of
 *                       theirs has moved, before its trace is durable
 * @param commitFailures failed commit attempts since start (each retried until it succeeds)
 * @param retention      what trace retention deleted and kept ({@link RetentionState})
 */
public record StorageStatus(DiskState disk, String fault, long backlog, long commitFailures,
                            RetentionState retention) {
}
