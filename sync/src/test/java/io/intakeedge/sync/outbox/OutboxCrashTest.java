package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that dies right after its commits (no shutdown hook) loses none of them with {@link H2Outbox#jdbcUrl}. */
class OutboxCrashTest {
    @TempDir
    Path dir;

    @Test
    void commitsSurviveAHaltedJvm() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), "300")
                .redirectErrorStream(true).start();
        long lastCommitted = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("committed ")) {
                    lastCommitted = Long.parseLong(line.substring("committed ".length()));
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(lastCommitted).isEqualTo(300);

        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            System.out.printf("after halt: %d committed, %d outbox rows, %d trace rows%n", lastCommitted,
                    outbox.pending(), db.count("SELECT COUNT(*) FROM trace"));
            assertThat(outbox.pending()).isEqualTo(lastCommitted);
            assertThat(db.count("SELECT MAX(last_seq) FROM sync_outbox")).isEqualTo(lastCommitted);
            assertThat(db.count("SELECT COUNT(*) FROM trace")).isEqualTo(lastCommitted);
            assertThat(db.commitTrace(outbox, Priority.TRACE, "normal_review", 1)).isEqualTo(lastCommitted + 1);
        }
    }
}
