package io.intakeedge.agent.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of what a station reads from a bundle archive before any signature is checked: the tar
 * reader ({@code SafeTarReader}, through {@link BundleArchive#openUnverified}) and the manifest parser. The contract:
 * any bytes end in a result or an {@link ArchiveException} with a refusal — no other exception — and nothing is
 * ever written outside the extraction folder. {@code mvn test} replays the corpus in
 * {@code src/test/resources/io/intakeedge/agent/bundle/BundleArchiveFuzzTestInputs/}; fuzzing: docs/security.md.
 */
@Tag("fuzz")
class BundleArchiveFuzzTest {
    private static final ArchiveLimits LIMITS = new ArchiveLimits(1 << 20, 256 << 10, 64);

    @FuzzTest(maxDuration = "60s")
    void archive(byte[] bytes) throws IOException {
        Path sandbox = Files.createTempDirectory("bundle-fuzz-");
        try {
            Path archive = Files.write(sandbox.resolve("in.tar"), bytes);
            Path work = sandbox.resolve("work");
            try {
                BundleArchive opened = BundleArchive.openUnverified(archive, work, LIMITS);
                assertThat(opened.bundleDir()).startsWith(work);
            } catch (ArchiveException refused) {
                assertThat(refused.refusal()).isNotNull();
            }
            try (Stream<Path> top = Files.list(sandbox)) {
                assertThat(top.map(p -> p.getFileName().toString()).toList())
                        .as("nothing written beside the extraction folder").isSubsetOf(List.of("in.tar", "work"));
            }
        } finally {
            delete(sandbox);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void manifest(byte[] bytes) {
        try {
            ArchiveManifest manifest = ArchiveManifest.parse(bytes);
            assertThat(manifest.files()).doesNotContainNull();
        } catch (ArchiveException refused) {
            assertThat(refused.refusal()).isNotNull();
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
