package io.intakeedge.collector;

import org.flywaydb.core.Flyway;

/**
 * Brings a collector database up to the current schema with Flyway. Column types differ between H2 and
 * PostgreSQL (TEXT/BYTEA/TIMESTAMPTZ vs VARCHAR/VARBINARY), so each vendor has its own migration folder under
 * {@code db/migration/collector/}.
 */
public final class CollectorSchema {

    /** Flyway's history table; named apart from the agent's so both can share one database. */
    static final String HISTORY_TABLE = "collector_schema_history";

    private CollectorSchema() {
    }

    /** Applies pending migrations. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration/collector/" + vendor(jdbcUrl))
                .table(HISTORY_TABLE)
                .load()
                .migrate();
    }

    /** The migration folder for a JDBC URL; only H2 and PostgreSQL are supported. */
    static String vendor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new IllegalArgumentException("unsupported collector database '" + jdbcUrl
                + "': use jdbc:h2:... or jdbc:postgresql:...");
    }
}
