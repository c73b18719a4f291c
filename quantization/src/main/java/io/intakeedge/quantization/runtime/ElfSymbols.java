package io.intakeedge.quantization.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the exported (defined, dynamic) symbol names and the machine of an ELF shared library without loading it:
 * checking a delegate plug-in this way runs none of its code inside the agent. 64-bit ELF only (both platforms the
 * station ships for).
 */
final class ElfSymbols {
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    private static final int SHT_DYNSYM = 11;
    private static final int SYMBOL_SIZE = 24;
    private static final long MAX_BYTES = 1L << 30;

    private final int machine;
    private final Set<String> exported;

    private ElfSymbols(int machine, Set<String> exported) {
        this.machine = machine;
        this.exported = exported;
    }

    int machine() {
        return machine;
    }

    boolean exports(String symbol) {
        return exported.contains(symbol);
    }

    /** The machine Java runs on, as an ELF e_machine value; 0 when the station does not ship for it. */
    static int hostMachine() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> EM_X86_64;
            case "aarch64", "arm64" -> EM_AARCH64;
            default -> 0;
        };
    }

    /** @throws IOException unreadable, or not a 64-bit ELF shared library (the message says which) */
    static ElfSymbols read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > MAX_BYTES) {
                throw new IOException("larger than 1 GiB");
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (b.limit() < 64 || b.get(0) != 0x7F || b.get(1) != 'E' || b.get(2) != 'L' || b.get(3) != 'F') {
                throw new IOException("not an ELF file");
            }
            if (b.get(4) != 2) {
                throw new IOException("not a 64-bit ELF file");
            }
            b.order(b.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            if (b.getShort(16) != 3) { // ET_DYN
                throw new IOException("not a shared library (ELF type " + b.getShort(16) + ")");
            }
            return new ElfSymbols(Short.toUnsignedInt(b.getShort(18)), dynamicSymbols(b));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("truncated or damaged ELF file", e);
        }
    }

    private static Set<String> dynamicSymbols(ByteBuffer b) {
        long shoff = b.getLong(40);
        int shentsize = Short.toUnsignedInt(b.getShort(58));
        int shnum = Short.toUnsignedInt(b.getShort(60));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_DYNSYM) {
                continue;
            }
            int strtab = Math.toIntExact(shoff + (long) b.getInt(sh + 40) * shentsize); // sh_link
            int strOffset = Math.toIntExact(b.getLong(strtab + 24));
            int symOffset = Math.toIntExact(b.getLong(sh + 24));
            long count = b.getLong(sh + 32) / SYMBOL_SIZE;
            for (long s = 1; s < count; s++) {
                int sym = Math.toIntExact(symOffset + s * SYMBOL_SIZE);
                if (b.getShort(sym + 6) != 0) { // st_shndx: 0 = undefined, imported from elsewhere
                    names.add(cString(b, strOffset + b.getInt(sym)));
                }
            }
        }
        return names;
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] raw = new byte[end - at];
        b.get(at, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }
}
