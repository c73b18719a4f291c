package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.profiles.ThreadNice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The default {@link BundleInbox}: opens the downloaded archive with {@link BundleArchive} (safe extraction, trusted
 * Ed25519 signature, every file's hash), reports {@code verified} or {@code rejected} with the refusal code, and
 * activates nothing. The bundle lifecycle (shadow, activation, rollback) replaces it.
 */
public final class VerifyingInbox implements BundleInbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyingInbox.class);

    private final TrustedKeys trust;
    private final ArchiveLimits limits;
    private final Path workRoot;
    private final BundleStateReporter reporter;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            r -> ThreadNice.background("bundle-verify", r));

    public VerifyingInbox(TrustedKeys trust, ArchiveLimits limits, Path workRoot, BundleStateReporter reporter) {
        this.trust = trust;
        this.limits = limits;
        this.workRoot = workRoot;
        this.reporter = reporter;
    }

    @Override
    public void offer(BundleJob job, Path archive) {
        worker.execute(() -> verify(job, archive));
    }

    private void verify(BundleJob job, Path archive) {
        Path work = workRoot.resolve(job.sha256());
        try {
            delete(work);
            BundleArchive opened = BundleArchive.open(archive, work, trust, limits);
            LOG.info("downloaded archive {} verified: {}@{} sequence {} signed by {}", archive,
                    opened.manifest().bundleId(), opened.manifest().bundleVersion(),
                    opened.manifest().release().sequence(), opened.signer());
            reporter.report("verified", job, "signed by " + opened.signer());
        } catch (ArchiveException e) {
            LOG.warn("downloaded archive {} rejected: {} ({})", archive, e.refusal().code(), e.getMessage());
            reporter.report("rejected", job, e.refusal().code() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("downloaded archive {} could not be checked: {}", archive, e.toString());
            reporter.report("rejected", job, "unreadable: " + e.getMessage());
        } finally {
            try {
                delete(work);
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("cleaning {} failed: {}", work, e.toString());
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
