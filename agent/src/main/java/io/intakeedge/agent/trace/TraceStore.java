package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Route;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decision traces in the agent's H2 database. Creating a store migrates the schema (Flyway, scripts in
 * {@code classpath:db/migration/agent}, history table {@value #HISTORY_TABLE}) so it can share the database file with
 * other modules' migrations. Thread-safe: every call uses its own connection.
 */
public final class TraceStore {
    /** Flyway history table of the agent's migrations; other modules keep their own. */
    public static final String HISTORY_TABLE = "flyway_agent_history";
    /** Where the agent's migration scripts live on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration/agent";

    private static final Logger LOG = LoggerFactory.getLogger(TraceStore.class);
    static final String SELECT = "SELECT " + TraceRows.COLUMNS + " FROM agent_trace";

    private final AgentDatabase db;

    /**
     * Migrates {@code db} to the current trace schema.
     *
     * @throws TraceStoreException when a migration fails (the message names the script)
     */
    public TraceStore(AgentDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        try {
            var result = Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    // Another module may have created its tables first; version 0 keeps our V1 from being skipped.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            LOG.info("trace schema at version {} ({} migrations applied)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new TraceStoreException("migrating the trace schema in " + db.jdbcUrl() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Inserts {@code trace} (row and scores) using the caller's transaction: nothing is committed here, so the caller
     * can add its outbox row and commit both, or roll both back.
     *
     * @throws SQLException e.g. on a duplicate trace id; the caller rolls back
     */
    public void insert(Connection tx, Trace trace) throws SQLException {
        insert(tx, trace, null);
    }

    /**
     * As {@link #insert(Connection, Trace)}, noting the outbox seq the trace's item got in the same transaction:
     * retention deletes a trace only once that item has left the outbox ({@link TraceExpiry}).
     *
     * @param outboxSeq null when the trace has no outbox item (sync off)
     */
    public void insert(Connection tx, Trace trace, Long outboxSeq) throws SQLException {
        try (PreparedStatement row = tx.prepareStatement(TraceRows.INSERT_LINKED);
             PreparedStatement score = tx.prepareStatement(TraceRows.INSERT_SCORE)) {
            TraceRows.bind(row, trace);
            row.setObject(50, outboxSeq, java.sql.Types.BIGINT);
            row.executeUpdate();
            int index = 0;
            for (Map.Entry<String, Double> e : trace.scores().entrySet()) {
                score.setObject(1, trace.traceId());
                score.setInt(2, index++);
                score.setString(3, e.getKey());
                score.setDouble(4, e.getValue());
                score.addBatch();
            }
            if (index > 0) {
                score.executeBatch();
            }
        }
    }

    /** Inserts and commits {@code trace} in its own transaction. */
    public void store(Trace trace) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                insert(c, trace);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new TraceStoreException("storing trace " + trace.traceId() + " failed: " + e.getMessage(), e);
        }
    }

    public Optional<Trace> find(UUID traceId) {
        List<Trace> found = query(SELECT + " WHERE trace_id = ?", traceId);
        return found.stream().findFirst();
    }

    /** The latest {@code limit} traces, newest first. */
    public List<Trace> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return query(SELECT + " ORDER BY decided_at DESC, trace_id LIMIT ?", limit);
    }

    /**
     * The latest traces, newest first, optionally only one route and only decisions at or after {@code since}.
     *
     * @param limit at most this many, >= 0
     */
    public List<Trace> list(Optional<Route> route, Optional<Instant> since, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        route.ifPresent(r -> {
            sql.append(" AND route = ?");
            parameters.add(r.code());
        });
        since.ifPresent(t -> {
            sql.append(" AND decided_at >= ?");
            parameters.add(t.atOffset(ZoneOffset.UTC));
        });
        sql.append(" ORDER BY decided_at DESC, trace_id LIMIT ?");
        parameters.add(limit);
        return query(sql.toString(), parameters.toArray());
    }

    /**
     * The traces whose id starts with {@code prefix} (case-insensitive hex), at most {@code limit}; an operator may
     * type the first 8 characters that {@code trace list} shows.
     */
    public List<Trace> findByPrefix(String prefix, int limit) {
        if (!prefix.matches("[0-9a-fA-F-]{1,36}")) {
            throw new IllegalArgumentException("a trace id is hexadecimal with dashes (a UUID or its start), got '"
                    + prefix + "'");
        }
        return query(SELECT + " WHERE CAST(trace_id AS VARCHAR) LIKE ? ORDER BY trace_id LIMIT ?",
                prefix.toLowerCase(java.util.Locale.ROOT) + "%", limit);
    }

    public long count() {
        return read("counting traces", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM agent_trace");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Number of traces per route; every route is present (0 when none). */
    public Map<Route, Long> countByRoute() {
        Map<Route, Long> counts = new EnumMap<>(Route.class);
        for (Route r : Route.values()) {
            counts.put(r, 0L);
        }
        return read("counting traces by route", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT route, COUNT(*) FROM agent_trace GROUP BY route");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Route.fromCode(rs.getString(1)), rs.getLong(2));
                }
                return counts;
            }
        });
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Runs a SELECT over {@link #SELECT}'s columns; {@link TracePages} pages with it. */
    List<Trace> query(String sql, Object... parameters) {
        return read("reading traces", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql);
                 PreparedStatement scores = c.prepareStatement(
                         "SELECT label, score FROM agent_trace_score WHERE trace_id = ? ORDER BY label_index")) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                List<Trace> traces = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        traces.add(TraceRows.read(rs, scoresOf(scores, rs.getObject("trace_id", UUID.class))));
                    }
                }
                return traces;
            }
        });
    }

    /** A read on a connection of its own. */
    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code read}; when H2 failed under it — a write that hit a full disk can leave the open instance closed, or
     * unable to read a page it never finished writing ("File corrupted while reading record") — the failed instance
     * is let go and the read runs once more on the file as it is on disk (FullDiskCyclesTest).
     */
    private <T> T read(String what, Read<T> read) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connect()) {
                return read.apply(c);
            } catch (SQLException e) {
                if (attempt > 1 || !db.failed(e)) {
                    throw new TraceStoreException(what + " failed: " + e.getMessage(), e);
                }
                LOG.warn("{} failed ({}); reading again from a freshly opened database", what, e.getMessage());
            }
        }
    }

    private static Map<String, Double> scoresOf(PreparedStatement ps, UUID traceId) throws SQLException {
        ps.setObject(1, traceId);
        Map<String, Double> scores = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                scores.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return scores;
    }
}
