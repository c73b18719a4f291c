package io.intakeedge.agent.bundle;

import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;
import io.intakeedge.agent.bundle.archive.Sha256;
import io.intakeedge.agent.bundle.archive.TarWriter;
import io.intakeedge.agent.bundle.archive.TrustedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Packs and signs bundle archives for station tests, independently of the workbench's builder (which refuses bad
 * bundles, and these tests need bad archives). The layout is the documented one.
 */
public final class ArchiveFixtures {
    public static final Path DEMO = Path.of("..", "bundles", "demo");

    private ArchiveFixtures() {
    }

    public static KeyPair keyPair() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static Path writePublic(Path file, KeyPair pair) throws IOException {
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    public static String fingerprint(KeyPair pair) {
        return TrustedKeys.fingerprint(pair.getPublic().getEncoded());
    }

    public static Path copyDemo(Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(DEMO)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(DEMO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** The archive entries of {@code bundleDir}: manifest first, then bundle/ files (unsigned). */
    public static List<TarWriter.Entry> pack(Path bundleDir) throws Exception {
        Bundle bundle = BundleLoader.load(bundleDir);
        List<TarWriter.Entry> entries = new ArrayList<>();
        List<ArchiveManifest.FileEntry> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(bundleDir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : paths) {
            byte[] bytes = Files.readAllBytes(p);
            String rel = bundleDir.relativize(p).toString();
            files.add(new ArchiveManifest.FileEntry(rel, Sha256.hex(bytes), bytes.length));
            entries.add(new TarWriter.Entry("bundle/" + rel, bytes));
        }
        ArchiveManifest m = new ArchiveManifest(ArchiveManifest.FORMAT, bundle.id(), bundle.version(),
                ReleaseInfo.read(bundleDir), files);
        entries.add(0, new TarWriter.Entry(ArchiveManifest.ENTRY, m.toBytes()));
        return entries;
    }

    /** {@code entries} with a signature over the manifest entry (entry 0) and the signer hint. */
    public static List<TarWriter.Entry> signed(List<TarWriter.Entry> entries, KeyPair key) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(entries.get(0).bytes());
        List<TarWriter.Entry> out = new ArrayList<>(entries);
        out.add(1, new TarWriter.Entry(ArchiveManifest.SIGNATURE_ENTRY, s.sign()));
        out.add(2, new TarWriter.Entry(BundleArchive.SIGNER_ENTRY,
                fingerprint(key).getBytes(StandardCharsets.US_ASCII)));
        return out;
    }

    public static Path write(Path file, List<TarWriter.Entry> entries) throws IOException {
        TarWriter.write(file, entries);
        return file;
    }

    /** {@code entries} with the named entry's bytes replaced. */
    public static List<TarWriter.Entry> replace(List<TarWriter.Entry> entries, String name, byte[] bytes) {
        List<TarWriter.Entry> out = new ArrayList<>();
        for (TarWriter.Entry e : entries) {
            out.add(e.name().equals(name) ? new TarWriter.Entry(name, bytes) : e);
        }
        return out;
    }
}
