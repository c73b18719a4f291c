package io.intakeedge.workbench.bundle;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;
import io.intakeedge.agent.bundle.archive.Sha256;
import io.intakeedge.agent.bundle.archive.TarWriter;
import io.intakeedge.agent.bundle.receipt.ReceiptCheck;
import io.intakeedge.agent.bundle.receipt.ReceiptResult;
import io.intakeedge.quantization.runtime.RuntimeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bundle build}: proves a bundle directory on this machine exactly as a station will (safe loader, model card,
 * agreement limit, validation receipt run through the serving path) and only then writes the unsigned archive:
 * {@code bundle-manifest.json} (every file's sha256 and size, the release facts) plus the files under
 * {@code bundle/}.
 */
public final class ArchiveBuilder {
    private ArchiveBuilder() {
    }

    /** What was built and the evidence it was built on. */
    public record Built(ArchiveManifest manifest, ReceiptResult receipt, String agreement) {
    }

    public static Built build(Path bundleDir, Path out, RuntimeOptions runtime) throws BundleException, IOException {
        Path dir = bundleDir.toAbsolutePath().normalize();
        Bundle bundle = BundleLoader.load(dir);
        ReleaseInfo release = ReleaseInfo.read(dir);
        ModelCard.read(dir.resolve(release.modelCard()));
        String agreement = release.agreement() == null ? "no agreement report (model not quantized)"
                : AgreementCheck.check(dir, release.agreement());
        ReceiptResult receipt = ReceiptCheck.run(bundle, release.receipt(), runtime);
        if (!receipt.passed()) {
            throw new BundleException("bundle " + bundle.displayName() + " fails its own validation receipt "
                    + release.receipt().datasetId() + "@" + release.receipt().datasetVersion() + ": "
                    + receipt.reason() + "; not building an archive a station would refuse");
        }
        List<TarWriter.Entry> entries = new ArrayList<>();
        List<ArchiveManifest.FileEntry> files = new ArrayList<>();
        for (Path file : files(dir)) {
            byte[] bytes = Files.readAllBytes(file);
            String rel = dir.relativize(file).toString().replace('\\', '/');
            files.add(new ArchiveManifest.FileEntry(rel, Sha256.hex(bytes), bytes.length));
            entries.add(new TarWriter.Entry(ArchiveManifest.BUNDLE_DIR + "/" + rel, bytes));
        }
        ArchiveManifest manifest = new ArchiveManifest(ArchiveManifest.FORMAT, bundle.id(), bundle.version(), release,
                files);
        entries.add(0, new TarWriter.Entry(ArchiveManifest.ENTRY, manifest.toBytes()));
        TarWriter.write(out, entries);
        readBack(out);
        return new Built(manifest, receipt, agreement);
    }

    /**
     * Reads the new archive back through the station's own extraction and hash check, so a name or size a station
     * would refuse (a space in a file name, a file over the limit) fails here, on the workstation, not on a fleet.
     */
    private static void readBack(Path out) throws BundleException, IOException {
        Path work = Files.createTempDirectory("bundle-build-");
        try {
            BundleArchive.openUnverified(out, work.resolve("x"), ArchiveLimits.DEFAULTS);
        } catch (BundleException e) {
            Files.deleteIfExists(out);
            throw new BundleException("the archive would be refused by a station, not written: " + e.getMessage(), e);
        } finally {
            ArchiveSigner.deleteTree(work);
        }
    }

    /** Every regular file, sorted; a symlink in the bundle directory is refused rather than followed. */
    private static List<Path> files(Path dir) throws IOException, BundleException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        List<Path> files = new ArrayList<>();
        for (Path p : all) {
            if (Files.isSymbolicLink(p)) {
                throw new BundleException(p + " is a symbolic link; a bundle holds plain files only");
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(p);
            }
        }
        return files;
    }
}
