package io.intakeedge.agent.bundle;

import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.Refusal;
import io.intakeedge.agent.bundle.archive.Sha256;
import io.intakeedge.agent.bundle.archive.TarWriter;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage anywhere in a signed demo archive: a cut is always {@code truncated_archive}; a flipped byte is either
 * refused or lands where it changes no file a station uses (tar padding, unused header bytes, the unsigned signer
 * hint), in which case every extracted file still has its original bytes.
 */
class BundleArchiveDamageTest {
    private static Path dir;
    private static byte[] archive;
    private static TrustedKeys trust;
    private static int run;

    @BeforeContainer
    static void signOnce() throws Exception {
        dir = Files.createTempDirectory("archive-damage-");
        KeyPair key = ArchiveFixtures.keyPair();
        trust = TrustedKeys.of(List.of(ArchiveFixtures.writePublic(dir.resolve("k.pub"), key)));
        archive = Files.readAllBytes(ArchiveFixtures.write(dir.resolve("demo.tar"), ArchiveFixtures.signed(
                ArchiveFixtures.pack(ArchiveFixtures.DEMO), key)));
    }

    @AfterContainer
    static void clean() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 150)
    void everyCutIsTruncated(@ForAll @IntRange(min = 0, max = 1_000_000) int where) throws Exception {
        int cut = where % archive.length;
        Path file = Files.write(dir.resolve("cut" + (++run) + ".tar"), Arrays.copyOf(archive, cut));
        assertThatThrownBy(() -> BundleArchive.open(file, dir.resolve("w" + run), trust, ArchiveLimits.DEFAULTS))
                .as("cut at %d of %d", cut, archive.length)
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.TRUNCATED));
    }

    /** What a random flip once found: a signer hint that is not ASCII failed the open with an IOException. */
    @Example
    void aSignerHintThatIsNotTextIsHarmless() throws Exception {
        KeyPair other = ArchiveFixtures.keyPair();
        List<TarWriter.Entry> entries = new ArrayList<>(ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.DEMO),
                other));
        entries.set(2, new TarWriter.Entry(BundleArchive.SIGNER_ENTRY, new byte[] {'k', (byte) 0xC3, 0x1b, '\n', 'y'}));
        Path file = ArchiveFixtures.write(dir.resolve("hint.tar"), entries);

        assertThatThrownBy(() -> BundleArchive.open(file, dir.resolve("w-hint"), trust, ArchiveLimits.DEFAULTS))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(Refusal.UNKNOWN_SIGNER);
                    assertThat(e.getMessage()).contains("signed by key k???y,");
                });
    }

    @Property(tries = 250)
    void aFlippedByteIsRefusedOrHarmless(@ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                         @ForAll @IntRange(min = 1, max = 255) int mask) throws Exception {
        byte[] damaged = archive.clone();
        int at = where % damaged.length;
        damaged[at] ^= (byte) mask;
        Path file = Files.write(dir.resolve("flip" + (++run) + ".tar"), damaged);
        BundleArchive opened;
        try {
            opened = BundleArchive.open(file, dir.resolve("w" + run), trust, ArchiveLimits.DEFAULTS);
        } catch (ArchiveException refused) {
            return;
        }
        for (ArchiveManifest.FileEntry f : opened.manifest().files()) {
            assertThat(Sha256.hex(Files.readAllBytes(opened.bundleDir().resolve(f.path()))))
                    .as("byte %d flipped, %s accepted", at, f.path())
                    .isEqualTo(Sha256.hex(Files.readAllBytes(ArchiveFixtures.DEMO.resolve(f.path()))));
        }
    }
}
