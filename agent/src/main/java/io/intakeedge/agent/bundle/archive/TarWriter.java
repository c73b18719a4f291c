package io.intakeedge.agent.bundle.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes a POSIX ustar archive of plain files, reproducibly (mode 0644, owner 0, mtime 0), so the same bundle gives
 * the same bytes and {@code tar -xf} can unpack it for an {@code openssl} check. Written to a temporary file and
 * moved into place, so a reader never sees half an archive.
 */
public final class TarWriter {
    private static final int BLOCK = 512;

    /** One file of the archive. */
    public record Entry(String name, byte[] bytes) {
        public Entry {
            if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                throw new IllegalArgumentException("archive entry name longer than 100 bytes: " + name);
            }
        }
    }

    private TarWriter() {
    }

    public static void write(Path target, List<Entry> entries) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".bundle-", ".tar.part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (Entry e : entries) {
                    out.write(header(e.name(), e.bytes().length));
                    out.write(e.bytes());
                    out.write(new byte[(BLOCK - e.bytes().length % BLOCK) % BLOCK]);
                }
                out.write(new byte[2 * BLOCK]);
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // createTempFile makes it owner-only; an archive is public (it holds no secret), readable like a .tar
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name.getBytes(StandardCharsets.UTF_8));
        put(h, 100, octal(0644, 8));
        put(h, 108, octal(0, 8));
        put(h, 116, octal(0, 8));
        put(h, 124, octal(size, 12));
        put(h, 136, octal(0, 12));
        h[156] = '0';
        put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, octal(sum, 7));
        return h;
    }

    /** Zero-padded octal digits followed by NUL, in a field of {@code width} bytes. */
    private static byte[] octal(long value, int width) {
        String digits = String.format("%0" + (width - 1) + "o", value);
        byte[] field = new byte[width];
        put(field, 0, digits.getBytes(StandardCharsets.US_ASCII));
        return field;
    }

    private static void put(byte[] into, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, into, offset, bytes.length);
    }
}
