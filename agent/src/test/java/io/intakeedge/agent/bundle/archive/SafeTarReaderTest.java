package io.intakeedge.agent.bundle.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Hostile archives: each refused with its reason, and nothing written outside the extraction directory. */
class SafeTarReaderTest {
    private static final ArchiveLimits SMALL = new ArchiveLimits(64 * 1024, 4096, 8);

    @TempDir
    Path tmp;

    @Test
    void plainFilesExtractWithTheirHashes() throws Exception {
        byte[] model = "model bytes".getBytes(StandardCharsets.UTF_8);
        Path tar = tar("ok.tar", List.of(entry("bundle/model.tflite", model), entry("bundle/receipt/a.jpg", "j")));
        List<SafeTarReader.Extracted> files = new SafeTarReader(SMALL).extract(tar, tmp.resolve("x"));
        assertThat(files).extracting(SafeTarReader.Extracted::name).containsExactly("bundle/model.tflite",
                "bundle/receipt/a.jpg");
        assertThat(files.get(0).sha256()).isEqualTo(Sha256.hex(model));
        assertThat(tmp.resolve("x/bundle/model.tflite")).hasBinaryContent(model);
    }

    @Test
    void zipSlipIsRefusedAndNothingLandsOutside() throws Exception {
        assertRefused(tar("slip.tar", List.of(entry("bundle/../../evil.txt", "x"))), Refusal.PATH_TRAVERSAL,
                "climbs out");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void absolutePathsAreRefused() throws Exception {
        assertRefused(tar("abs.tar", List.of(entry("/tmp/evil.txt", "x"))), Refusal.ABSOLUTE_PATH, "absolute");
        assertRefused(tar("drive.tar", List.of(entry("C:/evil.txt", "x"))), Refusal.ABSOLUTE_PATH, "absolute");
    }

    @Test
    void symlinksMadeByRealTarAreRefused() throws Exception {
        assumeTrue(onPath("tar"), "tar is needed to make a real symlink archive");
        Path src = Files.createDirectories(tmp.resolve("src/bundle"));
        Files.writeString(src.resolve("labels.txt"), "intact\n");
        Files.createSymbolicLink(src.resolve("model.tflite"), Path.of("/etc/passwd"));
        Path archive = tmp.resolve("link.tar");
        Process p = new ProcessBuilder("tar", "-cf", archive.toString(), "-C", tmp.resolve("src").toString(),
                "bundle").inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();

        assertRefused(archive, Refusal.SYMLINK, "/etc/passwd");
        assertThat(tmp.resolve("x/bundle/model.tflite")).doesNotExist();
    }

    @Test
    void hardLinksAndDevicesAreRefused() throws Exception {
        Path tar = tar("hard.tar", List.of(entry("bundle/a", "x")));
        byte[] bytes = Files.readAllBytes(tar);
        setType(bytes, 0, '1');
        assertRefused(Files.write(tmp.resolve("hard2.tar"), bytes), Refusal.LINK_OR_SPECIAL, "hard link");
        setType(bytes, 0, '3');
        assertRefused(Files.write(tmp.resolve("dev.tar"), bytes), Refusal.LINK_OR_SPECIAL, "entry type '3'");
    }

    @Test
    void duplicateEntriesAreRefused() throws Exception {
        assertRefused(tar("dup.tar", List.of(entry("bundle/model.tflite", "good"), entry("bundle/model.tflite",
                "evil"))), Refusal.DUPLICATE_ENTRY, "more than once");
        assertRefused(tar("dup2.tar", List.of(entry("bundle/a", "good"), entry("./bundle/a", "evil"))),
                Refusal.DUPLICATE_ENTRY, "bundle/a");
    }

    @Test
    void aFileUsedAsADirectoryIsRefused() throws Exception {
        assertRefused(tar("clash.tar", List.of(entry("bundle/model.tflite", "m"), entry("bundle/model.tflite/x",
                "x"))), Refusal.BAD_PATH, "already put a file");
    }

    @Test
    void oversizedArchivesFilesAndEntryCountsAreRefused() throws Exception {
        assertRefused(tar("big.tar", List.of(entry("bundle/model.tflite", new byte[70 * 1024]))),
                Refusal.OVERSIZED_ARCHIVE, "over the limit of 65536");
        assertRefused(tar("file.tar", List.of(entry("bundle/model.tflite", new byte[4097]))),
                Refusal.OVERSIZED_FILE, "4097 bytes");
        List<TarWriter.Entry> many = Stream.iterate(0, i -> i + 1).limit(9).map(i -> entry("bundle/f" + i, "x"))
                .toList();
        assertRefused(tar("many.tar", many), Refusal.TOO_MANY_ENTRIES, "more than 8");
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(tar("whole.tar", List.of(entry("bundle/a", new byte[700]),
                entry("bundle/b", "b"))));
        for (int cut : new int[] {100, 512, 900, 1536, 2048, whole.length - 512, whole.length - 1}) {
            Path part = Files.write(tmp.resolve("cut" + cut + ".tar"), Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> new SafeTarReader(SMALL).extract(part, tmp.resolve("x" + cut)))
                    .as("cut at " + cut).isInstanceOfSatisfying(ArchiveException.class, e ->
                            assertThat(e.refusal()).isEqualTo(Refusal.TRUNCATED));
        }
    }

    @Test
    void aDamagedHeaderFailsItsChecksum() throws Exception {
        byte[] bytes = Files.readAllBytes(tar("ok.tar", List.of(entry("bundle/a", "x"))));
        bytes[130] ^= 1; // inside the size field
        assertRefused(Files.write(tmp.resolve("bad.tar"), bytes), Refusal.CORRUPT, "checksum");
    }

    @Test
    void randomBytesAndControlCharactersInNamesAreNotEchoedIntoTheReason() throws Exception {
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        noise[0] = '\n';
        noise[1] = 0x1b; // ESC: a terminal escape in a log line
        Path random = Files.write(tmp.resolve("random.bin"), noise);
        byte[] escaped = Files.readAllBytes(tar("esc.tar", List.of(entry("bundle/a\u001b[2Jb\nc", "x"))));

        for (Path archive : List.of(random, Files.write(tmp.resolve("esc.tar"), escaped))) {
            assertThatThrownBy(() -> new SafeTarReader(SMALL).extract(archive, tmp.resolve("x-" + archive.getFileName())))
                    .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.getMessage())
                            .as(archive.getFileName().toString()).doesNotContain("\n", "\u001b", "\uFFFD")
                            .containsPattern("^[\\p{Print}\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Zs}]*$"));
        }
        assertThat(SafeTarReader.printable("bundle/a\u001b[2Jb\nc\uFFFD")).isEqualTo("bundle/a?[2Jb?c?");
    }

    private void assertRefused(Path archive, Refusal refusal, String detail) {
        assertThatThrownBy(() -> new SafeTarReader(SMALL).extract(archive, tmp.resolve("x-" + archive.getFileName())))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(e.refusal()).as(e.getMessage()).isEqualTo(refusal);
                    assertThat(e.getMessage()).contains(detail);
                });
    }

    private Path tar(String name, List<TarWriter.Entry> entries) throws IOException {
        Path file = tmp.resolve(name);
        TarWriter.write(file, entries);
        return file;
    }

    private static TarWriter.Entry entry(String name, String text) {
        return entry(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static TarWriter.Entry entry(String name, byte[] bytes) {
        return new TarWriter.Entry(name, bytes);
    }

    /** Changes an entry's type flag and fixes its checksum, as a hostile tool would write it. */
    private static void setType(byte[] tar, int headerOffset, char type) {
        tar[headerOffset + 156] = (byte) type;
        for (int i = 148; i < 156; i++) {
            tar[headerOffset + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[headerOffset + i] & 0xff;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, headerOffset + 148, 8);
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("which", tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
