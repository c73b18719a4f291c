package io.intakeedge.agent.bundle.archive;

import java.nio.charset.StandardCharsets;

/** One ustar header block, checked: checksum, octal size, entry type. */
record TarHeader(String name, long size, Type type) {

    enum Type { FILE, DIRECTORY }

    static TarHeader parse(byte[] h) throws ArchiveException {
        String name = SafeTarReader.text(h, 0, 100);
        if (!checksumMatches(h)) {
            throw new ArchiveException(Refusal.CORRUPT, "header of '" + SafeTarReader.printable(name)
                    + "' fails its checksum; the archive "
                    + "is damaged or not a tar archive");
        }
        String prefix = "ustar".equals(SafeTarReader.text(h, 257, 6).trim()) ? SafeTarReader.text(h, 345, 155) : "";
        String full = prefix.isEmpty() ? name : prefix + "/" + name;
        String shown = SafeTarReader.printable(full);
        char flag = (char) h[156];
        Type type = switch (flag) {
            case '0', '\0', '7' -> Type.FILE;
            case '5' -> Type.DIRECTORY;
            case '2' -> throw new ArchiveException(Refusal.SYMLINK, "'" + shown + "' is a symbolic link (to '"
                    + SafeTarReader.printable(SafeTarReader.text(h, 157, 100)) + "'); a bundle holds plain files only");
            case '1' -> throw new ArchiveException(Refusal.LINK_OR_SPECIAL, "'" + shown + "' is a hard link; a bundle "
                    + "holds plain files only");
            default -> throw new ArchiveException(Refusal.LINK_OR_SPECIAL, "'" + shown + "' has entry type '" + flag
                    + "' (device, fifo or extended header); a bundle holds plain files only");
        };
        return new TarHeader(full, octal(h, 124, 12, shown), type);
    }

    private static long octal(byte[] h, int offset, int length, String name) throws ArchiveException {
        if ((h[offset] & 0x80) != 0) {
            throw new ArchiveException(Refusal.OVERSIZED_FILE, "'" + name + "' uses a base-256 size (over 8 GiB)");
        }
        String digits = new String(h, offset, length, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        if (digits.isEmpty() || !digits.matches("[0-7]+")) {
            throw new ArchiveException(Refusal.CORRUPT, "'" + name + "' has an unreadable size field '" + digits + "'");
        }
        return Long.parseLong(digits, 8);
    }

    private static boolean checksumMatches(byte[] h) {
        String stored = new String(h, 148, 8, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        if (!stored.matches("[0-7]+")) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum == Long.parseLong(stored, 8);
    }
}
