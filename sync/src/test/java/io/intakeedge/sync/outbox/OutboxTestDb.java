package io.intakeedge.sync.outbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/** An agent-like H2 file: a trace table next to the outbox, written in one transaction. */
final class OutboxTestDb {
    final JdbcDataSource dataSource = new JdbcDataSource();

    OutboxTestDb(Path dir) throws SQLException {
        dataSource.setURL(H2Outbox.jdbcUrl(dir.resolve("agent")));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS trace (id BIGINT AUTO_INCREMENT PRIMARY KEY, route VARCHAR(32),"
                    + " body VARCHAR)");
        }
    }

    Connection tx() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** Writes a trace row and its outbox entry in one transaction, commits, returns the seq. */
    long commitTrace(Outbox outbox, Priority priority, String route, int padding) throws SQLException {
        try (Connection tx = tx()) {
            String payload = traceJson(route, padding);
            try (var insert = tx.prepareStatement("INSERT INTO trace (route, body) VALUES (?, ?)")) {
                insert.setString(1, route);
                insert.setString(2, payload);
                insert.executeUpdate();
            }
            long seq = outbox.append(tx, new OutboxEntry("trace", priority, payload));
            tx.commit();
            return seq;
        }
    }

    long commitEvent(Outbox outbox, String type, int padding) throws SQLException {
        try (Connection tx = tx()) {
            long seq = outbox.append(tx, new OutboxEntry("event", Priority.ALERT,
                    "{\"type\":\"" + type + "\",\"severity\":\"critical\",\"pad\":\"" + "e".repeat(padding) + "\"}"));
            tx.commit();
            return seq;
        }
    }

    static String traceJson(String route, int padding) {
        return "{\"route\":\"" + route + "\",\"score\":0.5,\"pad\":\"" + "x".repeat(padding) + "\"}";
    }

    long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
