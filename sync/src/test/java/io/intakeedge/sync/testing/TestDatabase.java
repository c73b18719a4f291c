package io.intakeedge.sync.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A collector database for one test: an H2 file in a temp folder, or a fresh schema in the machine's PostgreSQL
 * ({@code 127.0.0.1:5432}, database {@code test}, user {@code postgres}, trust auth) that {@link #close()} drops.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    /** The two databases the collector supports. */
    public enum Kind { H2, POSTGRES }

    private final String url;
    private final String user;
    private final String schema;

    private TestDatabase(String url, String user, String schema) {
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    /** Creates a database of the given kind; {@code dir} holds the H2 file. */
    public static TestDatabase create(Kind kind, Path dir) throws SQLException {
        return kind == Kind.H2 ? h2(dir) : postgres();
    }

    /** An H2 file database in {@code dir}. */
    public static TestDatabase h2(Path dir) {
        return new TestDatabase("jdbc:h2:file:" + dir.resolve("collector").toAbsolutePath(), "sa", null);
    }

    /** A new, empty schema in the local PostgreSQL; the URL selects it as the current schema. */
    public static TestDatabase postgres() throws SQLException {
        String schema = "s2_collector_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new TestDatabase(POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER, schema);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return "";
    }

    /** A plain connection, for assertions straight on the tables. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) {
            return; // the H2 file goes with its @TempDir
        }
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    public String toString() {
        return schema == null ? "H2 " + url : "PostgreSQL schema " + schema;
    }
}
