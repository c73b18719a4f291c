package io.intakeedge.sync.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What to do when H2 gives up on a database file. A write that fails (a full disk) makes H2 close the database: every
 * session on it then answers "The database has been closed" (90098), yet {@code isClosed()} stays false, and the
 * file stays locked by the failed instance until its last session is closed — a new connection meanwhile gets
 * "Database may be already in use" (90020). So whoever sees such an error reports it here, and every holder of a
 * long-lived connection to that database closes it; the next use opens the database afresh (once there is room).
 * Short-lived connections need nothing: they are closed after each use anyway.
 */
public final class H2Faults {
    private static final Logger LOG = LoggerFactory.getLogger(H2Faults.class);
    /**
     * H2 error codes that mean the session's database is gone or locked by its failed predecessor, or that the open
     * instance read a page its failed write never finished (90030, "File corrupted while reading record": the file
     * itself rolls back to its last complete chunk when opened again).
     */
    private static final Set<Integer> FATAL = Set.of(90098, 90020, 90121, 90067, 90028, 90030);
    /** Per JDBC URL: what drops each long-lived connection. */
    private static final Map<String, Set<Runnable>> HOLDERS = new ConcurrentHashMap<>();

    private H2Faults() {
    }

    /** True when {@code e} (or a cause) says the database itself failed, not just this statement. */
    public static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && FATAL.contains(s.getErrorCode())) {
                return true;
            }
            if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")
                    || String.valueOf(t.getMessage()).contains("MVStoreException")) {
                return true;
            }
        }
        return false;
    }

    /** Registers {@code drop}, run when the database at {@code url} failed; returns what unregisters it. */
    public static Runnable holding(String url, Runnable drop) {
        HOLDERS.computeIfAbsent(url, u -> ConcurrentHashMap.newKeySet()).add(drop);
        return () -> HOLDERS.getOrDefault(url, Set.of()).remove(drop);
    }

    /** When {@code e} is fatal: every long-lived connection to {@code url} is dropped. Returns whether it was. */
    public static boolean databaseFailed(String url, Throwable e) {
        if (!isFatal(e)) {
            return false;
        }
        Set<Runnable> holders = HOLDERS.getOrDefault(url, Set.of());
        LOG.warn("database {} failed ({}); dropping {} long-lived connections so it can be opened again", url,
                e.getMessage(), holders.size());
        holders.forEach(Runnable::run);
        return true;
    }
}
