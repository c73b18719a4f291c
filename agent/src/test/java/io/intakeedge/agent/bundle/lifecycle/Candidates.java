package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.BundleLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/** Signed archives of the demo bundle with another version, sequence, threshold and (optionally) model. */
final class Candidates {
    private Candidates() {
    }

    /**
     * The demo bundle as {@code version} / {@code sequence} with {@code threshold}; {@code floatModel} swaps in the
     * demo's float model, so the candidate's model sha256 differs from the active one.
     */
    static Path archive(Path tmp, KeyPair key, String version, long sequence, String threshold, boolean floatModel)
            throws Exception {
        Path dir = ArchiveFixtures.copyDemo(tmp.resolve("src-" + version + "-" + sequence));
        Path manifest = dir.resolve("manifest.yaml");
        String m = Files.readString(manifest).replace("version: \"1.0.0\"", "version: \"" + version + "\"")
                .replace("damage_threshold: 0.70", "damage_threshold: " + threshold);
        if (floatModel) {
            m = m.replace("file: model.tflite", "file: model-float.tflite").replaceAll("sha256: [0-9a-f]{64}",
                    "sha256: " + BundleLoader.sha256Hex(dir.resolve("model-float.tflite")));
        }
        Files.writeString(manifest, m);
        Path release = dir.resolve("release.yaml");
        Files.writeString(release, Files.readString(release).replace("sequence: 1 ", "sequence: " + sequence + " "));
        return ArchiveFixtures.write(tmp.resolve(version + "-" + sequence + ".tar"),
                ArchiveFixtures.signed(ArchiveFixtures.pack(dir), key));
    }
}
