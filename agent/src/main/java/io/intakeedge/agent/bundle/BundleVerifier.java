package io.intakeedge.agent.bundle;

import io.intakeedge.agent.bundle.archive.AgentVersions;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.Refusal;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.receipt.ReceiptCheck;
import io.intakeedge.agent.bundle.receipt.ReceiptResult;
import io.intakeedge.profiles.ProfileLoader;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The station's whole check of a bundle archive before it may decide anything: {@link BundleArchive} (safe
 * extraction, trusted Ed25519 signature, every file's sha256), compatibility (device profile, agent version), the
 * safe {@link BundleLoader} path, then the validation receipt run exactly ({@link ReceiptCheck}). Any failure is an
 * {@link ArchiveException} with its {@link Refusal}; the bundle that comes back is complete and proven.
 */
public final class BundleVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(BundleVerifier.class);

    /**
     * Who is asking. {@code deviceProfile} empty skips the profile check (operator workstations); an agent version
     * of {@code dev} (run from classes) skips the version check.
     */
    public record Station(String agentVersion, Optional<String> deviceProfile) {
        public Station {
            Objects.requireNonNull(agentVersion, "agentVersion");
            Objects.requireNonNull(deviceProfile, "deviceProfile");
        }
    }

    /** A bundle that passed everything, with what proved it. */
    public record Verified(Bundle bundle, ArchiveManifest manifest, String signer, ReceiptResult receipt) {
    }

    private final TrustedKeys trust;
    private final ArchiveLimits limits;
    private final RuntimeOptions runtime;

    public BundleVerifier(TrustedKeys trust, ArchiveLimits limits, RuntimeOptions runtime) {
        this.trust = trust;
        this.limits = limits;
        this.runtime = runtime;
    }

    /**
     * @param workDir empty directory to extract into; the verified bundle is loaded from there
     */
    public Verified verify(Path archive, Path workDir, Station station) throws ArchiveException, IOException {
        return prove(open(archive, workDir), station);
    }

    /** The first step alone: safe extraction, trusted signature, every file's hash (no compatibility, no receipt). */
    public BundleArchive open(Path archive, Path workDir) throws ArchiveException, IOException {
        return BundleArchive.open(archive, workDir, trust, limits);
    }

    /**
     * The remaining steps on an archive {@link #open} accepted: compatibility, the safe load (model, tensor shapes
     * against the pinned preprocessing) and the exact receipt. A station checks its bundle sequence in between.
     */
    public Verified prove(BundleArchive opened, Station station) throws ArchiveException {
        ArchiveManifest m = opened.manifest();
        checkCompatible(m.release(), station);
        Bundle bundle;
        ReceiptResult receipt;
        try {
            bundle = BundleLoader.load(opened.bundleDir());
            if (!bundle.id().equals(m.bundleId()) || !bundle.version().equals(m.bundleVersion())) {
                throw new BundleException("the signed manifest names " + m.bundleId() + "@" + m.bundleVersion()
                        + " but the bundle inside is " + bundle.displayName());
            }
            receipt = ReceiptCheck.run(bundle, m.release().receipt(), runtime);
        } catch (ArchiveException e) {
            throw e;
        } catch (BundleException e) {
            throw new ArchiveException(Refusal.INVALID_BUNDLE, e.getMessage(), e);
        } catch (RuntimeException e) {
            // a native or decoder surprise while proving the bundle refuses it; it must never half-accept it
            throw new ArchiveException(Refusal.INVALID_BUNDLE, "proving the bundle failed: " + e, e);
        }
        if (!receipt.passed()) {
            throw new ArchiveException(Refusal.RECEIPT_FAILED, "validation receipt " + m.release().receipt()
                    .datasetId() + "@" + m.release().receipt().datasetVersion() + " holds the bundle: "
                    + receipt.reason());
        }
        LOG.info("bundle archive {} verified: {} sequence {} signed by {}, receipt {} ({} fixtures)", opened.bundleDir(),
                bundle.displayName(), m.release().sequence(), opened.signer(), receipt.reason(), receipt.rows().size());
        return new Verified(bundle, m, opened.signer(), receipt);
    }

    private static String currentProfileId(String id) {
        return ProfileLoader.DEPRECATED_ALIASES.getOrDefault(id, id);
    }

    public static void checkCompatible(ReleaseInfo release, Station station) throws ArchiveException {
        // a bundle released before a profile was renamed still names the old id: compare current ids on both sides
        if (station.deviceProfile().isPresent() && release.deviceProfiles().stream().map(BundleVerifier::currentProfileId)
                .noneMatch(currentProfileId(station.deviceProfile().get())::equals)) {
            throw new ArchiveException(Refusal.INCOMPATIBLE, "the bundle is made for device profiles "
                    + release.deviceProfiles() + ", this station runs " + station.deviceProfile().get());
        }
        if (!"dev".equals(station.agentVersion())
                && !AgentVersions.atLeast(station.agentVersion(), release.minAgentVersion())) {
            throw new ArchiveException(Refusal.INCOMPATIBLE, "the bundle needs agent " + release.minAgentVersion()
                    + " or newer, this station runs " + station.agentVersion());
        }
    }
}
