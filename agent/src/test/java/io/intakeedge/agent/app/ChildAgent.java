package io.intakeedge.agent.app;

import io.intakeedge.agent.cli.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code intake-edge run} in its own JVM, its output pumped into a list (so it never blocks on a full pipe). */
final class ChildAgent implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("status http://[^:]+:(\\d+)/api/status");

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    ChildAgent(Path config, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--config", config.toString()));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
        }, "child-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Waits until {@code count} output lines match; false on timeout or when the process ended without them. */
    boolean await(Predicate<String> match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(match) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (!process.isAlive()) {
                Thread.sleep(500); // let the pump read what is left
                return count(match) >= count;
            }
            synchronized (lines) {
                lines.wait(200);
            }
        }
        return true;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    long count(Predicate<String> match) {
        return lines().stream().filter(match).count();
    }

    int statusPort() {
        for (String line : lines()) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("no status line yet:\n" + String.join("\n", lines()));
    }

    Process process() {
        return process;
    }

    /** Sends SIGTERM and returns how long the process took to exit (null if it did not within {@code limit}). */
    Duration terminate(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy(); // SIGTERM
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
