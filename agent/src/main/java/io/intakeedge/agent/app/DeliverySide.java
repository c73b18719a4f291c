package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.DeliveryStatus;
import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.bundle.delivery.VerifyingInbox;
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
 * downloads under {@code <data dir>/bundle-downloads}, and the default {@link VerifyingInbox}. Never blocks
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

    /** Starts delivery when station.yaml enables it. */
    static Optional<DeliverySide> start(StationConfig config, AgentDatabase db, BundleDelivery.Events events)
            throws BundleException, IOException {
        DeliverySettings d = config.delivery();
        if (!d.enabled()) {
            return Optional.empty();
        }
        TrustedKeys trust = TrustedKeys.of(d.trust());
        Optional<TrustedKeys> operators = d.operatorKeys().isEmpty() ? Optional.empty()
                : Optional.of(TrustedKeys.of(d.operatorKeys()));
        if (operators.isEmpty()) {
            log.warn("delivery.operator_keys is not set: unsigned download jobs are taken (archives must still be "
                    + "signed by delivery.trust) and cancels are refused");
        }
        Path dir = Files.createDirectories(config.dataDir().resolve("bundle-downloads"));
        BundleDelivery delivery = new BundleDelivery(SyncSide.syncConfig(config),
                new BundleDelivery.Station(config.site(), config.device(), Set.copyOf(d.groups())),
                new BundleDelivery.Settings(d.windowBlocks(), Math.min(16, d.windowBlocks()),
                        Duration.ofSeconds(d.requestTimeoutS()), operators),
                new DownloadStore(db), dir, null, events);
        VerifyingInbox inbox = new VerifyingInbox(trust, ArchiveLimits.DEFAULTS,
                config.dataDir().resolve("bundle-verify"), delivery);
        delivery.inbox(inbox);
        delivery.start();
        return Optional.of(new DeliverySide(delivery, inbox));
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
            inbox.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
