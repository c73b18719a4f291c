package io.intakeedge.agent.storage;

import io.intakeedge.agent.trace.AgentDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open H2 file under steady commits with a bounded table (docs/trace.md, "Retention"): without compaction it
 * grows far beyond its data; with {@link AgentDatabase#compact} every 10 s it stays near it. Figures are printed;
 * run with {@code mvn -B -q -o -pl agent -am test -Dtest=H2FileGrowthBenchmark -Dgroups=benchmark
 * -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class H2FileGrowthBenchmark {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int KEEP = 1000;

    @TempDir
    Path dir;

    @Test
    void withoutCompactionTheOpenFileOutgrowsItsData() throws Exception {
        long size = run(dir.resolve("plain"), false);
        assertThat(size).as("KEEP rows of ~1 KB").isGreaterThan(10L * KEEP * 1024);
    }

    @Test
    void compactionKeepsTheOpenFileNearItsData() throws Exception {
        long size = run(dir.resolve("compacted"), true);
        assertThat(size).isLessThan(10L * KEEP * 1024);
    }

    /** Commits one ~1 KB row at a time (CHECKPOINT SYNC after each, as the recorder does); returns the last size. */
    private static long run(Path data, boolean compact) throws Exception {
        try (AgentDatabase db = AgentDatabase.open(data); Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, body VARCHAR)");
            }
            c.setAutoCommit(false);
            Random random = new Random(1);
            long start = System.nanoTime();
            long nextReport = 10;
            long id = 0;
            long size = 0;
            while (System.nanoTime() - start < RUN.toNanos()) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    byte[] b = new byte[700];
                    random.nextBytes(b);
                    p.setLong(1, id++);
                    p.setString(2, Base64.getEncoder().encodeToString(b));
                    p.executeUpdate();
                }
                c.commit();
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                    if (id % 100 == 0) {
                        s.execute("DELETE FROM t WHERE id < " + (id - KEEP));
                    }
                }
                c.commit();
                long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                if (elapsed >= nextReport) {
                    String after = "";
                    if (compact) {
                        var k = db.compact(Duration.ofSeconds(1));
                        after = " compacted in " + k.millis() + " ms to " + k.bytesAfter() / 1024 + " KB";
                    }
                    size = db.fileSize();
                    System.out.printf("%s t=%ds commits=%d file=%d KB%s%n", compact ? "compact" : "plain", elapsed, id,
                            size / 1024, after);
                    nextReport += 10;
                }
            }
            return size;
        }
    }
}
