package io.intakeedge.agent.bundle;

import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.Refusal;
import io.intakeedge.agent.bundle.archive.SafeTarReader;
import io.intakeedge.agent.bundle.archive.TrustedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Opens a bundle archive on a station: safe extraction ({@link SafeTarReader}), then the Ed25519 signature over the
 * manifest's exact bytes by a trusted key, then every extracted file against the manifest's sha256 and size — no
 * file missing, none unlisted. Only then is the manifest believed. Layout and commands: {@code agent/README.md}.
 *
 * @param manifest  the signed manifest
 * @param signer    fingerprint of the trusted key that signed it
 * @param bundleDir the extracted bundle directory, ready for {@link BundleLoader}
 */
public record BundleArchive(ArchiveManifest manifest, String signer, Path bundleDir) {
    /** Unsigned hint naming the signing key's fingerprint, so "unknown signer" can be told from "bad signature". */
    public static final String SIGNER_ENTRY = "bundle-manifest.signer";

    /**
     * @param workDir an empty (or absent) directory the archive is extracted into
     * @throws ArchiveException with the refusal reason
     */
    public static BundleArchive open(Path archive, Path workDir, TrustedKeys trust, ArchiveLimits limits)
            throws ArchiveException, IOException {
        Map<String, SafeTarReader.Extracted> files = extract(archive, workDir, limits);
        byte[] manifestBytes = read(workDir, files, ArchiveManifest.ENTRY, Refusal.BAD_MANIFEST, "no "
                + ArchiveManifest.ENTRY + " in the archive");
        byte[] signature = read(workDir, files, ArchiveManifest.SIGNATURE_ENTRY, Refusal.UNSIGNED, "the archive "
                + "carries no signature (" + ArchiveManifest.SIGNATURE_ENTRY + "); sign it with `bundle sign`");
        String signer = checkSignature(manifestBytes, signature, hint(workDir, files), trust);
        ArchiveManifest manifest = ArchiveManifest.parse(manifestBytes);
        checkFiles(manifest, files);
        return new BundleArchive(manifest, signer, workDir.resolve(ArchiveManifest.BUNDLE_DIR));
    }

    /**
     * Extraction, manifest and file hashes only, no signature check: for operator tools ({@code bundle sign},
     * {@code bundle inspect}) that work on an archive before or regardless of its signature. Never for a station.
     */
    public static BundleArchive openUnverified(Path archive, Path workDir, ArchiveLimits limits)
            throws ArchiveException, IOException {
        Map<String, SafeTarReader.Extracted> files = extract(archive, workDir, limits);
        ArchiveManifest manifest = ArchiveManifest.parse(read(workDir, files, ArchiveManifest.ENTRY,
                Refusal.BAD_MANIFEST, "no " + ArchiveManifest.ENTRY + " in the archive"));
        checkFiles(manifest, files);
        String signer = files.containsKey(ArchiveManifest.SIGNATURE_ENTRY)
                ? hint(workDir, files).orElse("unknown") + " (not verified)" : "unsigned";
        return new BundleArchive(manifest, signer, workDir.resolve(ArchiveManifest.BUNDLE_DIR));
    }

    private static Map<String, SafeTarReader.Extracted> extract(Path archive, Path workDir, ArchiveLimits limits)
            throws ArchiveException, IOException {
        Map<String, SafeTarReader.Extracted> byName = new HashMap<>();
        for (SafeTarReader.Extracted e : new SafeTarReader(limits).extract(archive, workDir)) {
            byName.put(e.name(), e);
        }
        return byName;
    }

    private static byte[] read(Path dir, Map<String, SafeTarReader.Extracted> files, String name, Refusal refusal,
                               String why) throws ArchiveException, IOException {
        if (!files.containsKey(name)) {
            throw new ArchiveException(refusal, why);
        }
        return Files.readAllBytes(dir.resolve(name));
    }

    /** The unsigned signer hint, as text fit for a refusal: any bytes may be there (a damaged or hostile archive). */
    private static Optional<String> hint(Path dir, Map<String, SafeTarReader.Extracted> files) throws IOException {
        if (!files.containsKey(SIGNER_ENTRY) || files.get(SIGNER_ENTRY).size() > 128) {
            return Optional.empty();
        }
        String text = new String(Files.readAllBytes(dir.resolve(SIGNER_ENTRY)), StandardCharsets.US_ASCII);
        return Optional.of(SafeTarReader.printable(text.strip()));
    }

    private static String checkSignature(byte[] manifest, byte[] signature, Optional<String> hint, TrustedKeys trust)
            throws ArchiveException {
        Optional<TrustedKeys.Key> signer = trust.signerOf(manifest, signature);
        if (signer.isPresent()) {
            return signer.get().fingerprint();
        }
        boolean known = hint.isPresent() && trust.keys().stream().anyMatch(k -> k.fingerprint().equals(hint.get()));
        if (hint.isPresent() && !known) {
            throw new ArchiveException(Refusal.UNKNOWN_SIGNER, "signed by key " + hint.get() + ", which this station "
                    + "does not trust (trusted: " + trust.keys().stream().map(TrustedKeys.Key::fingerprint).toList()
                    + ")");
        }
        throw new ArchiveException(Refusal.BAD_SIGNATURE, "the signature (" + signature.length + " bytes) does not "
                + "verify over " + ArchiveManifest.ENTRY + " with any trusted key: the manifest was changed after "
                + "signing, or the signature is not from a trusted key");
    }

    private static void checkFiles(ArchiveManifest manifest, Map<String, SafeTarReader.Extracted> files)
            throws ArchiveException {
        String prefix = ArchiveManifest.BUNDLE_DIR + "/";
        TreeSet<String> unlisted = new TreeSet<>();
        for (String name : files.keySet()) {
            boolean meta = List.of(ArchiveManifest.ENTRY, ArchiveManifest.SIGNATURE_ENTRY, SIGNER_ENTRY).contains(name);
            if (!meta && (!name.startsWith(prefix) || manifest.files().stream()
                    .noneMatch(f -> (prefix + f.path()).equals(name)))) {
                unlisted.add(name);
            }
        }
        if (!unlisted.isEmpty()) {
            throw new ArchiveException(Refusal.UNLISTED_FILE, "files not in the signed manifest: " + unlisted);
        }
        for (ArchiveManifest.FileEntry f : manifest.files()) {
            SafeTarReader.Extracted e = files.get(prefix + f.path());
            if (e == null) {
                throw new ArchiveException(Refusal.MISSING_FILE, "the signed manifest lists " + f.path()
                        + " but the archive does not hold it");
            }
            if (e.size() != f.size() || !e.sha256().equalsIgnoreCase(f.sha256())) {
                throw new ArchiveException(Refusal.TAMPERED, f.path() + " has sha256 " + e.sha256() + " (" + e.size()
                        + " bytes) but the signed manifest pins " + f.sha256() + " (" + f.size() + " bytes)");
            }
        }
    }
}
