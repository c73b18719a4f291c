package io.intakeedge.sync.testing;

import io.intakeedge.sync.mqtt.OutboxPublisher;
import io.intakeedge.sync.mqtt.StatusInfo;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.mqtt.SyncStatus;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.OutboxSettings;
import io.intakeedge.sync.outbox.Priority;
import org.h2.jdbcx.JdbcDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's sync path as the product wires it: an {@link H2Outbox} in an H2 file and an {@link OutboxPublisher}
 * draining it to a broker. Traces are appended in the caller's transaction exactly as the agent does.
 */
public final class AgentSide implements AutoCloseable {

    public static final String SITE = "dock-f";

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final String device;
    private final H2Outbox outbox;
    private final OutboxPublisher publisher;

    /** Opens (or reopens) the outbox in {@code dbFile} and starts draining it to {@code brokerUrl}. */
    public AgentSide(Path dbFile, String brokerUrl, String device, Duration keepAlive) throws SQLException {
        this.device = device;
        dataSource.setURL(H2Outbox.jdbcUrl(dbFile));
        dataSource.setUser("sa");
        outbox = H2Outbox.open(dataSource, OutboxSettings.defaults(device));
        SyncConfig config = SyncConfig.builder(brokerUrl, SITE, device)
                .keepAlive(keepAlive)
                .connectTimeout(Duration.ofSeconds(3))
                .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
                .batch(100, 256 * 1024)
                .receiptTimeout(Duration.ofSeconds(5))
                .build();
        publisher = new OutboxPublisher(outbox, config, new StatusInfo("test", "fault-test", null));
        publisher.start();
    }

    /**
     * Appends {@code count} traces in one transaction (group commit with {@code appendAll}, so the faults hit
     * group rows) and returns their sequence numbers.
     */
    public List<Long> appendTraces(int count) throws SQLException {
        List<OutboxEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new OutboxEntry("trace", Priority.TRACE,
                    "{\"route\":\"normal_review\",\"parcel\":\"p-" + System.nanoTime() + "-" + i + "\"}"));
        }
        List<Long> seqs = new ArrayList<>(count);
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            for (long seq : outbox.appendAll(tx, entries)) {
                seqs.add(seq);
            }
            tx.commit();
        }
        return seqs;
    }

    /** The highest sequence number ever committed for the device (survives restarts: it lives in the file). */
    public long lastSeq() throws SQLException {
        return lastSeq(dataSource, device);
    }

    static long lastSeq(JdbcDataSource dataSource, String device) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT last_seq FROM sync_outbox_sequence WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    public OutboxPublisher publisher() {
        return publisher;
    }

    /**
     * Waits until every appended row was acknowledged by the broker: rows are deleted only after their PUBACK, so an
     * empty outbox with nothing in flight means everything was acknowledged.
     */
    public boolean awaitDrained(Duration timeout) throws Exception {
        return Eventually.await(timeout, () -> {
            SyncStatus status = publisher.status();
            return status.pending() == 0 && status.inFlight() == 0;
        });
    }

    @Override
    public void close() throws Exception {
        publisher.close();
        outbox.close();
    }
}
