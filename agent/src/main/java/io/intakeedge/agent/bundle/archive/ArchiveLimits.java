package io.intakeedge.agent.bundle.archive;

/**
 * Size limits enforced while a bundle archive is read, before any byte is trusted: the archive file itself, each
 * file in it, and the number of entries. Counted on the bytes actually read, not on what headers claim.
 *
 * @param maxArchiveBytes largest archive file accepted
 * @param maxFileBytes    largest single file inside it
 * @param maxEntries      most entries (files and directories)
 */
public record ArchiveLimits(long maxArchiveBytes, long maxFileBytes, int maxEntries) {

    /** A model may be up to 256 MiB ({@code BundleLoader.MAX_MODEL_BYTES}); the rest of a bundle is small. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(320L << 20, 257L << 20, 512);

    public ArchiveLimits {
        if (maxArchiveBytes < 1024 || maxFileBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("archive limits must be positive (archive >= 1024 bytes): " + this);
        }
    }
}
