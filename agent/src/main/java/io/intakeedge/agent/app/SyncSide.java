package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.pipeline.DriftRecorder;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.sync.drift.DriftMonitor;
import io.intakeedge.sync.drift.DriftSettings;
import io.intakeedge.sync.drift.DriftWindowListener;
import io.intakeedge.sync.drift.ReferenceProfile;
import io.intakeedge.sync.mqtt.OutboxPublisher;
import io.intakeedge.sync.mqtt.StatusInfo;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.mqtt.SyncStatus;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The station's sync side: the durable outbox (in the agent's H2 file), its MQTT publisher and the drift monitor.
 * With sync disabled there is no outbox and no publisher, but drift windows are still computed and stored locally.
 */
public final class SyncSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncSide.class);

    private final StationConfig config;
    private final H2Outbox outbox;
    private final DriftRecorder drift;
    private OutboxPublisher publisher;

    private SyncSide(StationConfig config, H2Outbox outbox, DriftRecorder drift) {
        this.config = config;
        this.outbox = outbox;
        this.drift = drift;
    }

    public static SyncSide open(StationConfig config, DeviceProfile profile, AgentDatabase db,
                                Optional<Path> driftReference) throws SQLException {
        H2Outbox outbox = null;
        if (config.sync().enabled()) {
            outbox = H2Outbox.open(db.dataSource(),
                    OutboxSettings.withBudget(config.device(), config.sync().outboxBudgetMb() * (1L << 20)));
        }
        Optional<ReferenceProfile> reference = driftReference.flatMap(ReferenceProfile::loadOrNone);
        if (reference.isEmpty()) {
            log.info("no drift reference profile in the bundle: drift windows report reference none");
        }
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), reference, DriftWindowListener.NONE);
        return new SyncSide(config, outbox, new DriftRecorder(monitor, db, Optional.ofNullable(outbox)));
    }

    /** Connects the publisher (if sync is on); it drains in the background and never blocks decisions. */
    public void start(Supplier<StatusInfo> status) {
        if (outbox == null) {
            return;
        }
        publisher = new OutboxPublisher(outbox, syncConfig(config), status.get());
        publisher.start();
    }

    /** The MQTT link settings from station.yaml (also what bundle delivery connects with). */
    static SyncConfig syncConfig(StationConfig config) {
        StationConfig.SyncSettings s = config.sync();
        String password = Optional.ofNullable(System.getenv("INTAKE_EDGE_MQTT_PASSWORD")).orElse(s.password());
        SyncConfig.Builder sync = SyncConfig.builder(s.broker(), config.site(), config.device()).gzip(s.gzip())
                .receipts(s.receipts());
        if (s.username() != null) {
            sync.credentials(s.username(), password);
        }
        if (s.tls() != null) {
            if (!s.tls().verifyHostname()) {
                log.warn("sync.tls.verify_hostname is false: any holder of a certificate from the CA in {} can pose"
                        + " as the broker {}", s.tls().caFile(), s.broker());
            }
            sync.tls(new SyncConfig.Tls(s.tls().caFile(), s.tls().certFile(), s.tls().keyFile(),
                    s.tls().verifyHostname()));
        }
        return sync.build();
    }

    public Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    public DriftRecorder drift() {
        return drift;
    }

    public Optional<SyncStatus> status() {
        return Optional.ofNullable(publisher).map(OutboxPublisher::status);
    }

    public Optional<OutboxPublisher> publisher() {
        return Optional.ofNullable(publisher);
    }

    @Override
    public void close() {
        drift.flush();
        try {
            if (publisher != null) {
                publisher.close();
            }
            if (outbox != null) {
                outbox.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("closing the outbox failed", e);
        }
    }
}
