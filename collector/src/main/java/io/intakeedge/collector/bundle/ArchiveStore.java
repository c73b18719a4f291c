package io.intakeedge.collector.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The bundle archives the block server may serve: a directory of {@code {sha256}.bundle} files, named by the sha256
 * of their bytes. A file is served only after its bytes were found to hash to its name once (cached per size and
 * modification time), so a file damaged on the central disk is never cut into blocks that stations would reject one
 * by one.
 */
public final class ArchiveStore {
    public static final String SUFFIX = ".bundle";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** An archive found and proven: its file and size. */
    public record Stored(String sha256, Path file, long size) {
    }

    private record Proof(long size, long modified) {
    }

    private final Path dir;
    private final Map<String, Proof> proven = new ConcurrentHashMap<>();

    public ArchiveStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Copies {@code archive} into the store (atomically, under its hash) and returns its sha256. */
    public String put(Path archive) throws IOException {
        String sha256 = sha256(archive);
        Path target = dir.resolve(sha256 + SUFFIX);
        if (!Files.exists(target)) {
            Path tmp = Files.createTempFile(dir, sha256, ".tmp");
            Files.copy(archive, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return sha256;
    }

    /** Removes an archive; false when it was not there. */
    public boolean remove(String sha256) throws IOException {
        proven.remove(sha256);
        return SHA256.matcher(sha256).matches() && Files.deleteIfExists(dir.resolve(sha256 + SUFFIX));
    }

    /** The archive with this hash, if the store holds it intact. */
    public Optional<Stored> find(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256 + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Proof now = new Proof(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        if (!now.equals(proven.get(sha256))) {
            if (!sha256.equals(sha256(file))) {
                throw new IOException(file + " does not hash to its name: the stored archive is damaged");
            }
            proven.put(sha256, now);
        }
        return Optional.of(new Stored(sha256, file, now.size()));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
