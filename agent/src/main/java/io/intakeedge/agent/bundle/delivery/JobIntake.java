package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides what to do with a job document that arrived on one of the station's job topics: refuse it (invalid,
 * unsigned where signatures are required, signed by an unknown key, addressed to someone else, not newer than what
 * the station already downloaded: each counted by reason and named on the state topic), cancel a rollout, or
 * remember the archive as wanted. Used by the delivery thread only.
 */
final class JobIntake {
    private static final Logger LOG = LoggerFactory.getLogger(JobIntake.class);

    /** An archive to fetch, with the document that pins it (kept byte-exact for the H2 row). */
    record Wanted(JobDocument document, byte[] bytes) {
    }

    private final BundleDelivery.Station station;
    private final Optional<TrustedKeys> operators;
    private final DownloadStore store;
    private final DeliveryCounters ignored;
    private final Consumer<String> refusal;
    private final Map<String, Wanted> wanted = new HashMap<>();

    JobIntake(BundleDelivery.Station station, Optional<TrustedKeys> operators, DownloadStore store,
              DeliveryCounters ignored, Consumer<String> refusal) {
        this.station = station;
        this.operators = operators;
        this.store = store;
        this.ignored = ignored;
        this.refusal = refusal;
    }

    /** Unfinished downloads from H2 become wanted again, before any retained job arrives. */
    void resume() throws SQLException {
        for (DownloadStore.Row row : store.inState(DownloadStore.DOWNLOADING)) {
            try {
                wanted.put(row.sha256(), new Wanted(JobDocument.parse(row.jobDocument()), row.jobDocument()));
                LOG.info("resuming the download of {} ({} of {} blocks missing)", row.sha256(), row.blocksMissing(),
                        row.blocksTotal());
            } catch (IllegalArgumentException e) {
                store.setState(row.sha256(), DownloadStore.FAILED, "stored job unreadable: " + e.getMessage());
            }
        }
    }

    /** Handles a job message; returns the rollout to cancel when it is a (valid, signed) cancel. */
    Optional<String> onJob(String topic, byte[] payload, MqttProperties properties) throws SQLException {
        if (payload.length == 0) {
            return Optional.empty(); // an operator cleaned the retained job: that cancels nothing
        }
        JobDocument doc;
        try {
            doc = JobDocument.parse(payload);
        } catch (IllegalArgumentException e) {
            return ignore("invalid", topic + ": " + e.getMessage());
        }
        if (operators.isPresent()) {
            if (JobSignature.verify(payload, properties, operators.get()).isEmpty()) {
                boolean signed = JobSignature.property(properties, JobSignature.SIGNATURE).isPresent();
                return ignore(signed ? "bad_signature" : "unsigned", topic + ": rollout " + doc.rolloutId()
                        + (signed ? " is signed by no trusted operator key" : " carries no operator signature"));
            }
        } else if (doc.isCancel()) {
            return ignore("unsigned", topic + ": a cancel must be signed by an operator key "
                    + "(delivery.operator_keys is not configured)");
        }
        JobTarget target = doc.jobTarget();
        if (!target.addresses(station.site(), station.device(), station.groups())) {
            return ignore("other_device", topic + ": rollout " + doc.rolloutId() + " is for " + target
                    + ", not this station (" + station.site() + "/" + station.device() + ")");
        }
        if (doc.isCancel()) {
            wanted.values().removeIf(w -> w.document().rolloutId().equals(doc.rolloutId()));
            return Optional.of(doc.rolloutId());
        }
        accept(topic, doc, payload);
        return Optional.empty();
    }

    private void accept(String topic, JobDocument doc, byte[] payload) throws SQLException {
        BundleJob job = doc.job();
        Optional<DownloadStore.Row> row = store.find(job.sha256());
        if (row.isPresent()) {
            String state = row.get().state();
            boolean done = state.equals(DownloadStore.DOWNLOADED) || state.equals(DownloadStore.OFFERED);
            boolean closedSameRollout = (state.equals(DownloadStore.CANCELLED) || state.equals(DownloadStore.FAILED))
                    && row.get().rolloutId().equals(job.rolloutId());
            if (done || closedSameRollout) {
                return; // seen again on every connect: nothing to do, nothing to count
            }
            if (!state.equals(DownloadStore.DOWNLOADING)) {
                store.delete(job.sha256()); // a new rollout of an archive an earlier one cancelled
            }
        }
        Optional<Long> highest = store.highestDownloaded();
        if (highest.isPresent() && job.sequence() <= highest.get()) {
            ignore("not_newer", topic + ": rollout " + job.rolloutId() + " brings sequence " + job.sequence()
                    + ", this station already downloaded sequence " + highest.get());
            return;
        }
        wanted.put(job.sha256(), new Wanted(doc, payload));
    }

    /** The wanted archive with the highest sequence that still needs fetching. */
    Optional<Wanted> next() throws SQLException {
        while (!wanted.isEmpty()) {
            Wanted w = wanted.values().stream()
                    .max(Comparator.comparingLong(x -> x.document().sequence())).orElseThrow();
            wanted.remove(w.document().sha256());
            Optional<DownloadStore.Row> row = store.find(w.document().sha256());
            if (row.isEmpty() || row.get().state().equals(DownloadStore.DOWNLOADING)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private Optional<String> ignore(String reason, String detail) {
        ignored.add(reason);
        LOG.warn("bundle job ignored ({}): {}", reason, detail);
        refusal.accept(reason + ": " + detail);
        return Optional.empty();
    }
}
