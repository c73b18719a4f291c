package io.intakeedge.agent.bundle.delivery;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The sha256 of every block of an archive, as the job document pins them: one base64 string of the concatenated
 * 32-byte digests (43 bytes per block instead of 66 for hex, so a 320 MiB archive's list still fits a 128 KiB
 * message).
 */
public final class BlockHashes {
    private static final int DIGEST = 32;
    private final byte[] digests;

    private BlockHashes(byte[] digests) {
        this.digests = digests;
    }

    public static BlockHashes decode(String base64, int expectedBlocks) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("block_sha256 is not base64: " + e.getMessage(), e);
        }
        if (raw.length != (long) expectedBlocks * DIGEST) {
            throw new IllegalArgumentException("block_sha256 holds " + raw.length / DIGEST + " digests for "
                    + expectedBlocks + " blocks");
        }
        return new BlockHashes(raw);
    }

    /** Cuts {@code archive} into {@code blockSize} blocks and hashes each. */
    public static BlockHashes of(byte[] archive, int blockSize) {
        int blocks = (archive.length + blockSize - 1) / blockSize;
        byte[] out = new byte[blocks * DIGEST];
        MessageDigest sha = sha256();
        for (int i = 0; i < blocks; i++) {
            sha.update(archive, i * blockSize, Math.min(blockSize, archive.length - i * blockSize));
            System.arraycopy(sha.digest(), 0, out, i * DIGEST, DIGEST);
        }
        return new BlockHashes(out);
    }

    public int count() {
        return digests.length / DIGEST;
    }

    /** Whether {@code block} hashes to the digest pinned for block {@code index}. */
    public boolean matches(int index, byte[] block, int length) {
        MessageDigest sha = sha256();
        sha.update(block, 0, length);
        return MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(digests, index * DIGEST, (index + 1) * DIGEST));
    }

    public String encode() {
        return Base64.getEncoder().encodeToString(digests);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
