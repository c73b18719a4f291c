package io.intakeedge.agent.bundle.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Extracts a bundle archive (POSIX ustar, as {@link TarWriter} writes and {@code tar} reads) into an empty directory
 * and refuses, before writing anything outside it, every entry that is not a plain file or directory with a safe
 * relative name: absolute paths, {@code ..} (zip-slip), symlinks and hard links, devices, extended headers, duplicate
 * names, oversized files or archives, and a truncated or corrupt stream. Sizes are counted on the bytes read.
 */
public final class SafeTarReader {
    private static final int BLOCK = 512;

    private final ArchiveLimits limits;

    public SafeTarReader(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** A file taken from the archive: its name inside the archive, size and sha256 of the bytes written. */
    public record Extracted(String name, long size, String sha256) {
    }

    /**
     * Extracts {@code archive} into {@code into} (created; must be empty if it exists).
     *
     * @return the regular files, in archive order
     * @throws ArchiveException naming the refusal and the offending entry
     */
    public List<Extracted> extract(Path archive, Path into) throws ArchiveException, IOException {
        long size = Files.size(archive);
        if (size > limits.maxArchiveBytes()) {
            throw new ArchiveException(Refusal.OVERSIZED_ARCHIVE, archive + " has " + size + " bytes, over the limit of "
                    + limits.maxArchiveBytes());
        }
        Files.createDirectories(into);
        try (var entries = Files.list(into)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("extraction directory " + into + " is not empty");
            }
        }
        Path root = into.toRealPath();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            return readAll(in, root);
        }
    }

    private List<Extracted> readAll(InputStream in, Path root) throws ArchiveException, IOException {
        List<Extracted> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        byte[] header = new byte[BLOCK];
        int entries = 0;
        while (true) {
            if (!readBlock(in, header)) {
                throw new ArchiveException(Refusal.TRUNCATED, "the archive ends without its end-of-archive marker "
                        + "after " + entries + " entries");
            }
            if (isZero(header)) {
                if (!readBlock(in, header) || !isZero(header)) {
                    throw new ArchiveException(Refusal.TRUNCATED, "the end-of-archive marker is incomplete");
                }
                return files;
            }
            if (++entries > limits.maxEntries()) {
                throw new ArchiveException(Refusal.TOO_MANY_ENTRIES, "more than " + limits.maxEntries() + " entries");
            }
            TarHeader h = TarHeader.parse(header);
            String name = SafeNames.check(h.name(), h.type());
            if (!seen.add(name)) {
                throw new ArchiveException(Refusal.DUPLICATE_ENTRY, "'" + name + "' appears more than once; refusing "
                        + "to guess which copy is meant");
            }
            if (h.type() == TarHeader.Type.DIRECTORY) {
                Files.createDirectories(SafeNames.inside(root, name));
                skipData(in, h.size(), name);
                continue;
            }
            if (h.size() > limits.maxFileBytes()) {
                throw new ArchiveException(Refusal.OVERSIZED_FILE, "'" + name + "' has " + h.size()
                        + " bytes, over the limit of " + limits.maxFileBytes());
            }
            files.add(writeFile(in, root, name, h.size()));
        }
    }

    private Extracted writeFile(InputStream in, Path root, String name, long size)
            throws ArchiveException, IOException {
        Path target = SafeNames.inside(root, name);
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new ArchiveException(Refusal.BAD_PATH, "'" + name + "' needs a directory where the archive already "
                    + "put a file");
        }
        if (!target.getParent().toRealPath().startsWith(root)) {
            throw new ArchiveException(Refusal.PATH_TRAVERSAL, "'" + name + "' would be written outside the bundle");
        }
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new ArchiveException(Refusal.TRUNCATED, "'" + name + "' is cut off: " + (size - left)
                            + " of " + size + " bytes present");
                }
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        skipPadding(in, size, name);
        return new Extracted(name, size, HexFormat.of().formatHex(digest.digest()));
    }

    private static void skipData(InputStream in, long size, String name) throws ArchiveException, IOException {
        long left = size;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0 && in.read() < 0) {
                throw new ArchiveException(Refusal.TRUNCATED, "'" + name + "' is cut off");
            }
            left -= Math.max(n, 1);
        }
        skipPadding(in, size, name);
    }

    private static void skipPadding(InputStream in, long size, String name) throws ArchiveException, IOException {
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (pad > 0 && in.readNBytes(pad).length != pad) {
            throw new ArchiveException(Refusal.TRUNCATED, "the archive ends inside the padding after '" + name + "'");
        }
    }

    /** Reads one full block; false at a clean end of stream, TRUNCATED inside a block. */
    private static boolean readBlock(InputStream in, byte[] block) throws ArchiveException, IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new ArchiveException(Refusal.TRUNCATED, "the archive ends inside a header (" + n + " of 512 bytes)");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A name from a header as a refusal may show it (logs, the state topic): control characters and bytes that are not
     * UTF-8 become '?', so a hostile or random header cannot write escapes or line breaks there.
     */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? '?' : c));
        return out.toString();
    }

    static String text(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }
}
