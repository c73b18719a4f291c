package io.intakeedge.agent.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Committed traces survive a process that dies without closing the database (WRITE_DELAY=0). */
class TraceCrashTest {
    @TempDir
    Path tmp;

    @Test
    void committedTracesSurviveAHaltedProcess() throws IOException, InterruptedException {
        Path data = tmp.resolve("data");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HaltingWriter.class.getName(),
                data.toString(), "5")
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished: %s", output).isTrue();
        List<UUID> stored = output.lines().filter(l -> l.startsWith("stored "))
                .map(l -> UUID.fromString(l.substring(7).trim())).toList();
        assertThat(stored).as("child output: %s", output).hasSize(5);

        try (AgentDatabase db = AgentDatabase.open(data)) {
            TraceStore store = new TraceStore(db);
            assertThat(store.count()).isEqualTo(5);
            for (UUID id : stored) {
                assertThat(store.find(id)).as("trace %s", id).isPresent();
            }
        }
    }
}
