package io.intakeedge.collector.security;

import io.intakeedge.sync.mqtt.OutboxPublisher;
import io.intakeedge.sync.mqtt.StatusInfo;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.OutboxSettings;
import io.intakeedge.sync.outbox.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

/** A station's real sync path (H2 outbox + {@link OutboxPublisher}, receipts on) with the given broker settings. */
final class Station implements AutoCloseable {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final H2Outbox outbox;
    private final OutboxPublisher publisher;

    Station(Path dbFile, SyncConfig.Builder config) throws Exception {
        SyncConfig built = config.connectTimeout(Duration.ofSeconds(3))
                .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1)).receiptTimeout(Duration.ofSeconds(5)).build();
        dataSource.setURL(H2Outbox.jdbcUrl(dbFile));
        dataSource.setUser("sa");
        outbox = H2Outbox.open(dataSource, OutboxSettings.defaults(built.device()));
        publisher = new OutboxPublisher(outbox, built, new StatusInfo("test", "security-test", null));
        publisher.start();
    }

    /** Appends traces whose payload carries {@code marker}, in one transaction; returns their seqs. */
    List<Long> append(int count, String marker) throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new OutboxEntry("trace", Priority.TRACE,
                    "{\"route\":\"normal_review\",\"marker\":\"" + marker + "\",\"i\":" + i + "}"));
        }
        List<Long> seqs = new ArrayList<>();
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            for (long seq : outbox.appendAll(tx, entries)) {
                seqs.add(seq);
            }
            tx.commit();
        }
        return seqs;
    }

    OutboxPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() throws Exception {
        publisher.close();
        outbox.close();
    }
}
