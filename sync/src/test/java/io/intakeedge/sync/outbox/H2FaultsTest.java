package io.intakeedge.sync.outbox;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class H2FaultsTest {
    private static final String URL = "jdbc:h2:mem:h2faults";

    @Test
    void aStatementErrorIsNotADatabaseFailureAndDropsNothing() throws Exception {
        AtomicInteger drops = new AtomicInteger();
        Runnable unregister = H2Faults.holding(URL, drops::incrementAndGet);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            SQLException duplicate = catchThrowableOfType(SQLException.class,
                    () -> s.execute("INSERT INTO t VALUES (1)"));
            assertThat(H2Faults.databaseFailed(URL, duplicate)).isFalse();
            assertThat(drops).hasValue(0);
        } finally {
            unregister.run();
        }
    }

    @Test
    void aClosedOrHalfWrittenDatabaseDropsEveryHolderEvenWhenWrapped() {
        AtomicInteger drops = new AtomicInteger();
        Runnable unregister = H2Faults.holding(URL, drops::incrementAndGet);
        try {
            // the codes H2 answers after a write failed on a full disk: closed (90098), and a page the failed
            // instance never finished writing (90030, "File corrupted while reading record")
            for (int code : new int[] {90098, 90030}) {
                var wrapped = new IllegalStateException("reading traces failed",
                        new SQLException("failed", "HY000", code));
                assertThat(H2Faults.databaseFailed(URL, wrapped)).as("code %d", code).isTrue();
            }
            assertThat(drops).hasValue(2);
        } finally {
            unregister.run();
        }
        assertThat(H2Faults.databaseFailed(URL, new SQLException("closed", "HY000", 90098))).isTrue();
        assertThat(drops).as("an unregistered holder is not dropped").hasValue(2);
    }
}
