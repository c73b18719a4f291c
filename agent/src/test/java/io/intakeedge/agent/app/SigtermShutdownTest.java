package io.intakeedge.agent.app;

import io.intakeedge.agent.cli.Main;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code intake-edge run} in its own JVM, stopped with SIGTERM mid-stream: it must exit on its own, close H2 (the
 * database opens again without recovery trouble) and keep every decision it announced.
 */
class SigtermShutdownTest {
    @TempDir
    Path dir;

    @Test
    void sigtermFinishesTheCurrentDecisionAndClosesTheDatabase() throws Exception {
        Path config = Files.writeString(dir.resolve("station.yaml"), """
                site: s1
                device: d1
                profile: generic-x86_64
                camera: {source: synthetic, seed: 3}
                bundle: no-bundle-here
                data_dir: data
                http: {port: 0}
                """);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--config", config.toString())
                .redirectErrorStream(true).start();
        CountDownLatch running = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            // keep reading so the child never blocks on a full pipe; destroy() closes the stream under us
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains("/api/status")) {
                        running.countDown();
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
        }, "child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            assertThat(running.await(120, TimeUnit.SECONDS)).as("the agent announced its status page").isTrue();
            Thread.sleep(3_000); // let it decide a few parcels
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isIn(0, 143); // 143: the JVM's exit code for SIGTERM after hooks ran
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            assertThat(new TraceStore(db).count()).isPositive();
        }
    }
}
