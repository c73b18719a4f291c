package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.DeliveryStatus;
import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.bundle.delivery.VerifyingInbox;
import io.intakeedge.agent.bundle.lifecycle.BundleLifecycle;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.DeliverySettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.AgentDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The station's bundle delivery ({@code delivery:} in station.yaml): the downloader on its own MQTT connection,
 * downloads under {@code <data dir>/bundle-downloads}, handing finished archives to the bundle lifecycle (or, without
 * it, to the {@link VerifyingInbox}). Never blocks
 * decisions: it has its own threads.
 */
final class DeliverySide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliverySide.class);

    private final BundleDelivery delivery;
    private final VerifyingInbox inbox;

    private DeliverySide(BundleDelivery delivery, VerifyingInbox inbox) {
        this.delivery = delivery;
        this.inbox = inbox;
    }

    /**
     * Starts delivery when station.yaml enables it. Finished archives go to the bundle lifecycle when it runs,
     * else to the {@link VerifyingInbox}, which only checks and reports.
     */
    static Optional<DeliverySide> start(StationConfig config, AgentDatabase db, Optional<BundleLifecycle> lifecycle,
                                        BundleDelivery.Events events) throws BundleException, IOException {
        DeliverySettings d = config.delivery();
        if (!d.enabled()) {
            return Optional.empty();
        }
        BundleSettings keys = config.bundles();
        Optional<TrustedKeys> operators = keys.operatorKeys().isEmpty() ? Optional.empty()
                : Optional.of(TrustedKeys.of(keys.operatorKeys()));
        if (operators.isEmpty()) {
            log.warn("bundles.operator_keys is not set: unsigned download jobs are taken (archives must still be "
                    + "signed by bundles.trusted_keys) and cancels are refused");
        }
        Path dir = Files.createDirectories(config.dataDir().resolve("bundle-downloads"));
        BundleDelivery delivery = new BundleDelivery(SyncSide.syncConfig(config),
                new BundleDelivery.Station(config.site(), config.device(), Set.copyOf(d.groups())),
                new BundleDelivery.Settings(d.windowBlocks(), Math.min(16, d.windowBlocks()),
                        Duration.ofSeconds(d.requestTimeoutS()), operators, d.maxKibPerS()),
                new DownloadStore(db), dir, null, events);
        VerifyingInbox verifying = null;
        if (lifecycle.isPresent()) {
            BundleLifecycle l = lifecycle.get();
            delivery.inbox((job, archive) -> l.offer(archive, new BundleLifecycle.Job(job.rolloutId(),
                    d.autoPromoteAfter())));
        } else {
            verifying = new VerifyingInbox(TrustedKeys.of(keys.trustedKeys()), ArchiveLimits.DEFAULTS,
                    config.dataDir().resolve("bundle-verify"), delivery);
            delivery.inbox(verifying);
        }
        delivery.start();
        return Optional.of(new DeliverySide(delivery, verifying));
    }

    DeliveryStatus status() {
        return delivery.status();
    }

    BundleDelivery delivery() {
        return delivery;
    }

    @Override
    public void close() {
        delivery.close();
        try {
            if (inbox != null) {
                inbox.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
