package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.sync.protocol.Ids;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rollout's job for a station, as the retained job document on the broker names it (docs/mqtt.md, "Bundle
 * delivery"). Everything the downloader needs to fetch and prove the archive byte for byte; the archive's own
 * signature is checked after the download, by the {@link BundleInbox}.
 *
 * @param rolloutId  the rollout this job belongs to; an id like a device id (it names a topic segment)
 * @param bundleId   bundle id from the signed archive manifest (informational until the signature is checked)
 * @param version    bundle version from the same manifest
 * @param sequence   monotonic bundle sequence number from the same manifest
 * @param sha256     lowercase hex sha256 of the whole archive file
 * @param size       archive size in bytes
 * @param blockSize  bytes per block (the last block may be shorter)
 * @param target     whom the job addresses: one device, a group or a whole site
 * @param canary     true when this station is one of the rollout's canaries
 */
public record BundleJob(String rolloutId, String bundleId, String version, long sequence, String sha256, long size,
                        int blockSize, JobTarget target, boolean canary) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BundleJob {
        Ids.require("rollout", rolloutId);
        Objects.requireNonNull(bundleId, "bundle_id");
        Objects.requireNonNull(version, "version");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (blockSize < 1024) {
            throw new IllegalArgumentException("block_size must be >= 1024, got " + blockSize);
        }
        Objects.requireNonNull(target, "target");
    }

    /** Number of blocks: the archive size divided by the block size, rounded up. */
    public int blockCount() {
        return Math.toIntExact((size + blockSize - 1) / blockSize);
    }

    /** Length of block {@code index}: {@link #blockSize()} except for a shorter last block. */
    public int blockLength(int index) {
        if (index < 0 || index >= blockCount()) {
            throw new IndexOutOfBoundsException("block " + index + " of " + blockCount());
        }
        return (int) Math.min(blockSize, size - (long) index * blockSize);
    }
}
