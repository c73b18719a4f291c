package io.intakeedge.sync.outbox;

import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One of the outbox's long-lived connections, opened again after H2 gave up on the database under it (see
 * {@link H2Faults}): without that, a connection held for the outbox's lifetime would fail every later claim or delete
 * and sync would stay wedged after the disk had room again. Its owner serialises its use; {@link #drop} may come from
 * any thread (the owner's statement then fails once and is retried by its loop).
 */
final class RenewableConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenewableConnection.class);

    private final DataSource dataSource;
    private final boolean autoCommit;
    private final String name;
    private final String url;
    private final Runnable unregister;
    private volatile Connection conn;
    private volatile boolean dropped;

    RenewableConnection(DataSource dataSource, boolean autoCommit, String name) throws SQLException {
        this.dataSource = dataSource;
        this.autoCommit = autoCommit;
        this.name = name;
        this.url = dataSource instanceof JdbcDataSource h2 ? h2.getURL() : String.valueOf(dataSource);
        this.conn = open();
        this.unregister = H2Faults.holding(url, this::drop);
    }

    /** The open connection; a new one after a drop (callers' prepared statements go with the old one). */
    synchronized Connection get() throws SQLException {
        if (dropped || conn.isClosed()) {
            closeQuietly();
            conn = open();
            dropped = false;
            LOG.warn("outbox {} connection reopened after the database failed", name);
        }
        return conn;
    }

    /** Reports {@code e}: a fatal one drops every long-lived connection to this database, this one included. */
    void failed(Exception e) {
        H2Faults.databaseFailed(url, e);
    }

    /** Rolls back after {@code cause}, which is reported first; a rollback failure is added to it. */
    void rollbackQuietly(Exception cause) {
        failed(cause);
        if (dropped) {
            return;
        }
        try {
            conn.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void drop() {
        dropped = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.debug("closing the failed {} connection: {}", name, e.toString());
        }
    }

    private Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(autoCommit);
        return c;
    }

    @Override
    public void close() throws SQLException {
        unregister.run();
        conn.close();
    }
}
