package io.intakeedge.agent.bundle.archive;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The archive's {@value #ENTRY}: what the Ed25519 signature covers. Lists every file of the bundle with its sha256
 * and size, so a station checks each byte it extracted against a signed value.
 *
 * @param format        {@value #FORMAT}
 * @param bundleId      the bundle manifest's id
 * @param bundleVersion the bundle manifest's version
 * @param release       sequence, compatibility, receipt pin, agreement limit, model card (from release.yaml)
 * @param files         every file under {@value #BUNDLE_DIR}/, path relative to it, sorted by path
 */
public record ArchiveManifest(String format, String bundleId, String bundleVersion, ReleaseInfo release,
                              List<FileEntry> files) {
    public static final String FORMAT = "intake.bundle-archive/1";
    /** The signed manifest's entry name. */
    public static final String ENTRY = "bundle-manifest.json";
    /** The raw 64-byte Ed25519 signature of {@link #ENTRY}'s exact bytes. */
    public static final String SIGNATURE_ENTRY = "bundle-manifest.sig";
    /** The directory holding the bundle's files. */
    public static final String BUNDLE_DIR = "bundle";

    /** One file of the bundle. */
    public record FileEntry(String path, String sha256, long size) {
    }

    public ArchiveManifest {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", got " + format);
        }
        Objects.requireNonNull(bundleId, "bundle_id");
        Objects.requireNonNull(bundleVersion, "bundle_version");
        Objects.requireNonNull(release, "release");
        files = List.copyOf(Objects.requireNonNull(files, "files"));
    }

    public byte[] toBytes() throws IOException {
        return BundleJson.JSON.writeValueAsBytes(this);
    }

    public static ArchiveManifest parse(byte[] bytes) throws ArchiveException {
        try {
            return BundleJson.JSON.readValue(bytes, ArchiveManifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveException(Refusal.BAD_MANIFEST, ENTRY + " is not a valid " + FORMAT + " manifest: "
                    + ReleaseInfo.rootMessage(e), e);
        }
    }
}
