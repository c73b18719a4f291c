package io.intakeedge.workbench.bundle;

import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.TarWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code bundle sign}: checks the archive is intact (every file against its manifest), signs the manifest's exact
 * bytes with Ed25519 and rewrites the archive with {@code bundle-manifest.sig} (raw 64 bytes, what
 * {@code openssl pkeyutl -verify -rawin} reads) and the signer's fingerprint. A previous signature is replaced.
 */
public final class ArchiveSigner {
    private ArchiveSigner() {
    }

    /** Returns the signer fingerprint written, if the key's .pub file sits next to it. */
    public static Optional<String> sign(Path archive, Path keyFile) throws BundleException, IOException,
            GeneralSecurityException {
        PrivateKey key = SigningKeys.readPrivate(keyFile);
        Path work = Files.createTempDirectory("bundle-sign-");
        try {
            BundleArchive opened = BundleArchive.openUnverified(archive, work.resolve("x"), ArchiveLimits.DEFAULTS);
            byte[] manifest = Files.readAllBytes(work.resolve("x").resolve(ArchiveManifest.ENTRY));
            Optional<String> fingerprint = SigningKeys.matchingFingerprint(keyFile, key);
            List<TarWriter.Entry> entries = new ArrayList<>();
            entries.add(new TarWriter.Entry(ArchiveManifest.ENTRY, manifest));
            entries.add(new TarWriter.Entry(ArchiveManifest.SIGNATURE_ENTRY, SigningKeys.sign(key, manifest)));
            if (fingerprint.isPresent()) {
                entries.add(new TarWriter.Entry(BundleArchive.SIGNER_ENTRY,
                        (fingerprint.get() + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
            for (ArchiveManifest.FileEntry f : opened.manifest().files()) {
                entries.add(new TarWriter.Entry(ArchiveManifest.BUNDLE_DIR + "/" + f.path(),
                        Files.readAllBytes(opened.bundleDir().resolve(f.path()))));
            }
            TarWriter.write(archive, entries);
            return fingerprint;
        } finally {
            deleteTree(work);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
