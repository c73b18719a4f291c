package io.intakeedge.agent.bundle.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The delivery's job-document side: job messages in ({@link JobIntake} decides), the next archive to fetch, cancels
 * of rollouts the station keeps only as H2 rows and part files, and finished archives out to the {@link BundleInbox}
 * (again after a restart for those downloaded but never handed over). {@link BundleDelivery} keeps the one download
 * in progress. Used by the delivery thread only.
 */
final class JobDesk {
    private static final Logger LOG = LoggerFactory.getLogger(JobDesk.class);

    private final JobIntake intake;
    private final DownloadStore store;
    private final Path dir;
    private final Supplier<BundleInbox> inbox;

    JobDesk(JobIntake intake, DownloadStore store, Path dir, Supplier<BundleInbox> inbox) {
        this.intake = intake;
        this.store = store;
        this.dir = dir;
        this.inbox = inbox;
    }

    /** After a start: unfinished downloads become wanted again, finished ones not handed over are offered now. */
    void resume() throws SQLException {
        intake.resume();
        for (DownloadStore.Row row : store.inState(DownloadStore.DOWNLOADED)) {
            Path archive = archiveOf(row.sha256());
            if (Files.isRegularFile(archive)) {
                offer(JobDocument.parse(row.jobDocument()).job(), archive);
            } else {
                store.setState(row.sha256(), DownloadStore.FAILED, "the downloaded archive disappeared");
            }
        }
    }

    /** Handles one job message; returns the rollout to cancel when it is a valid cancel. */
    Optional<String> onJob(DeliveryConnection.Job job) throws SQLException {
        return intake.onJob(job.topic(), job.payload(), job.properties());
    }

    Optional<JobIntake.Wanted> next() throws SQLException {
        return intake.next();
    }

    /** Cancels the rollout's downloads that are not in progress right now ({@code busy}: the one that is). */
    void cancelWaiting(String rolloutId, Optional<String> busy) throws IOException, SQLException {
        for (DownloadStore.Row row : store.inState(DownloadStore.DOWNLOADING)) {
            if (row.rolloutId().equals(rolloutId) && !busy.equals(Optional.of(row.sha256()))) {
                store.setState(row.sha256(), DownloadStore.CANCELLED, "cancelled by the operator");
                Files.deleteIfExists(partOf(row.sha256()));
            }
        }
    }

    /** Hands a finished archive over; the row says so even when the inbox failed (it logged why). */
    void offer(BundleJob job, Path archive) throws SQLException {
        try {
            inbox.get().offer(job, archive);
        } catch (RuntimeException e) {
            LOG.error("the bundle inbox failed on {}: {}", archive, e.toString());
        }
        store.setState(job.sha256(), DownloadStore.OFFERED, null);
    }

    Path partOf(String sha256) {
        return dir.resolve(sha256 + ".part");
    }

    Path archiveOf(String sha256) {
        return dir.resolve(sha256 + ".bundle");
    }
}
