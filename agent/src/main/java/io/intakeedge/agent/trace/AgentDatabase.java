package io.intakeedge.agent.trace;

import io.intakeedge.sync.outbox.H2Faults;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The agent's embedded H2 file database in the data directory ({@code <data dir>/intake-edge.mv.db}). Traces and the
 * sync module's outbox live in the same file, so a trace and its outbox row commit in one transaction; each module
 * runs its own Flyway migrations with its own history table.
 *
 * <p>Crash-safety settings in the JDBC URL:
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: every commit is written to the database file before {@code commit()} returns (H2's
 *   default buffers commits for 500 ms, which a killed process loses). It reaches the OS at once, so it survives a
 *   killed or crashed JVM; surviving power loss additionally needs the OS to flush its page cache.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database while the agent is still
 *   finishing its current decision on SIGTERM; the agent closes it itself, last.</li>
 *   <li>Default file locking: a second agent on the same data directory fails at start-up instead of corrupting
 *   the file.</li>
 * </ul>
 * A keeper connection stays open for this object's lifetime so the database is opened once, not per query.
 */
public final class AgentDatabase implements AutoCloseable {
    /** Base name of the database file inside the data directory (H2 appends {@code .mv.db}). */
    public static final String FILE_NAME = "intake-edge";

    private static final Logger LOG = LoggerFactory.getLogger(AgentDatabase.class);

    private final Path dataDir;
    private final String jdbcUrl;
    private final JdbcDataSource dataSource;
    private Connection keeper; // guarded by this; null once closed
    private boolean keeperDropped; // guarded by this
    private final Runnable unregister;

    private AgentDatabase(Path dataDir, String jdbcUrl, JdbcDataSource dataSource, Connection keeper) {
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.dataSource = dataSource;
        this.keeper = keeper;
        this.unregister = H2Faults.holding(jdbcUrl, this::dropKeeper);
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir}.
     *
     * @throws TraceStoreException when the directory is not writable or the database can't be opened (in use by
     *                             another process, corrupt), with the reason
     */
    public static AgentDatabase open(Path dataDir) {
        Path dir;
        try {
            dir = WritableDirectory.require(dataDir, "data directory");
        } catch (IOException e) {
            throw new TraceStoreException(e.getMessage(), e);
        }
        String url = jdbcUrl(dir);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        try {
            Connection keeper = ds.getConnection();
            LOG.info("opened trace database {}", url);
            return new AgentDatabase(dir, url, ds, keeper);
        } catch (SQLException e) {
            throw new TraceStoreException("cannot open database " + url + ": " + e.getMessage()
                    + " (is another agent using this data directory?)", e);
        }
    }

    /** The JDBC URL for the database in {@code dataDir}, with the crash-safety settings above. */
    public static String jdbcUrl(Path dataDir) {
        String file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME).toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException("data directory path must not contain ';' (JDBC URL separator): "
                    + dataDir);
        }
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database file H2 writes ({@code <data dir>/intake-edge.mv.db}). */
    public Path file() {
        return dataDir.resolve(FILE_NAME + ".mv.db");
    }

    /** For other modules' migrations and queries (the sync outbox). */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A new connection (auto-commit on); the caller closes it. After H2 gave up on the database (a write failed on a
     * full disk), this opens it again — once every long-lived connection to the failed instance is closed, which
     * {@link #failed} arranges — and renews the keeper: that is how storage recovers without a restart.
     */
    public Connection connect() throws SQLException {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            if (!failed(e)) {
                throw e;
            }
            c = dataSource.getConnection(); // the failed instance's holders have let go: try once more
        }
        renewKeeper();
        return c;
    }

    /**
     * Reports an error from this database. When H2 gave up on it ("The database has been closed", the file still
     * locked by the failed instance), every long-lived connection to it is closed so the next {@link #connect} opens
     * it afresh. Returns whether it was such an error.
     */
    public boolean failed(Throwable e) {
        return H2Faults.databaseFailed(jdbcUrl, e);
    }

    private synchronized void dropKeeper() {
        if (keeper != null) {
            keeperDropped = true;
            try {
                keeper.close();
            } catch (SQLException e) {
                LOG.debug("closing the failed keeper connection: {}", e.toString());
            }
        }
    }

    private synchronized void renewKeeper() {
        if (keeper == null || !keeperDropped) {
            return;
        }
        try {
            keeper = dataSource.getConnection();
            keeperDropped = false;
            LOG.warn("trace database {} reopened after H2 had closed it (a failed write)", jdbcUrl);
        } catch (SQLException e) {
            LOG.debug("renewing the keeper connection failed: {}", e.toString());
        }
    }

    /**
     * Compacts the open database file for up to {@code max} and returns its size before and after. H2 compacts only
     * on close, and with {@code WRITE_DELAY=0} it runs no background writer to reuse the space of old chunks: the
     * open file grows by every commit (~18 KB each, measured in docs/trace.md) even when rows are deleted, so
     * retention calls this after it deleted traces. Writers wait for H2's store lock meanwhile. H2 sets the
     * retention time of old chunks to 0 for the compaction; it is set back afterwards, keeping the 45 s during
     * which a chunk that an unflushed newer one replaced is not overwritten (power-loss safety).
     */
    public Compaction compact(java.time.Duration max) throws SQLException {
        long before = sizeOf(file());
        try (Connection c = connect()) {
            var store = ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
                    .getDatabase().getStore().getMvStore();
            int retention = store.getRetentionTime();
            long start = System.nanoTime();
            try {
                store.compactFile((int) Math.min(Integer.MAX_VALUE, max.toMillis()));
            } catch (RuntimeException e) {
                failed(e);
                throw new SQLException("compacting " + file() + " failed: " + e, e);
            } finally {
                store.setRetentionTime(retention);
            }
            return new Compaction(before, sizeOf(file()), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** What {@link #compact} did to the file, in bytes, and how long it held the store. */
    public record Compaction(long bytesBefore, long bytesAfter, long millis) {
    }

    /** The database file's size in bytes, -1 when it cannot be read. */
    public long fileSize() {
        return sizeOf(file());
    }

    private static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Writes what was committed on {@code c} to the database file, and with {@code fsync} to the device. H2 2.3 with
     * {@code WRITE_DELAY=0} can return from a commit before its chunk is written — while another thread's store is in
     * flight, or just before the write fails on a full disk — so a kill -9 or a reopen would lose a change already
     * reported as done. Callers that promise durability (a shown decision, a download's resume point) call this.
     */
    public static void writeThrough(Connection c, boolean fsync) throws SQLException {
        try (java.sql.Statement checkpoint = c.createStatement()) {
            checkpoint.execute(fsync ? "CHECKPOINT SYNC" : "CHECKPOINT");
        }
    }

    /** Closes the keeper connection; the file is closed once every other connection is closed too. */
    @Override
    public synchronized void close() {
        unregister.run();
        try {
            Connection c = keeper;
            keeper = null;
            if (c == null) {
                return; // closed already
            }
            c.close();
            LOG.info("closed trace database {}", jdbcUrl);
        } catch (SQLException e) {
            throw new TraceStoreException("closing " + jdbcUrl + " failed: " + e.getMessage(), e);
        }
    }
}
