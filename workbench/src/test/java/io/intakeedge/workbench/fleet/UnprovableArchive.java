package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;
import io.intakeedge.agent.bundle.archive.Sha256;
import io.intakeedge.agent.bundle.archive.TarWriter;
import io.intakeedge.workbench.bundle.ArchiveSigner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A correctly signed demo archive whose exact receipt a station must hold: its release pins a drifted dataset
 * version, so the receipt's identity no longer matches (seed 001: "a drifted dataset id holds the bundle").
 * {@code bundle build} refuses to write such an archive, so it is written here the way a careless or hostile
 * builder would, entry by entry, and signed with the real signer.
 */
final class UnprovableArchive {
    private UnprovableArchive() {
    }

    static Path signed(Path work, int sequence, Path key) throws Exception {
        Path bundle = DeliveryRig.demoCopy(work.resolve("unprovable"), sequence, 0);
        Path release = bundle.resolve(ReleaseInfo.FILE);
        Files.writeString(release, Files.readString(release).replace("dataset_version: standard-seed-505-v1",
                "dataset_version: standard-seed-505-v2"));
        List<TarWriter.Entry> entries = new ArrayList<>();
        List<ArchiveManifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(bundle)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String rel = bundle.relativize(file).toString().replace('\\', '/');
                files.add(new ArchiveManifest.FileEntry(rel, Sha256.hex(bytes), bytes.length));
                entries.add(new TarWriter.Entry(ArchiveManifest.BUNDLE_DIR + "/" + rel, bytes));
            }
        }
        Bundle loaded = BundleLoader.load(bundle);
        ArchiveManifest manifest = new ArchiveManifest(ArchiveManifest.FORMAT, loaded.id(), loaded.version(),
                ReleaseInfo.read(bundle), files);
        entries.add(0, new TarWriter.Entry(ArchiveManifest.ENTRY, manifest.toBytes()));
        Path out = work.resolve("unprovable-" + sequence + ".tar");
        TarWriter.write(out, entries);
        ArchiveSigner.sign(out, key);
        return out;
    }
}
