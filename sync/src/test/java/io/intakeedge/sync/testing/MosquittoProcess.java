package io.intakeedge.sync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code mosquitto} broker for tests that kill, stop or restart the broker: its own free port, its own
 * generated configuration and persistence folder, always cleaned up by {@link #close()} (and by a shutdown hook if a
 * test JVM exits early).
 *
 * <p>Persistence is saved after every change ({@code autosave_on_changes}, {@code autosave_interval 1}) so that a
 * {@code kill -9} loses as little broker state as mosquitto allows: mosquitto acknowledges a publish before it writes
 * its database, so messages in the window between the two can still be lost — the fault tests measure this. Queues
 * are unlimited ({@code max_queued_messages 0}): mosquitto's default of 1000 silently drops the rest.
 *
 * <p>Measured with mosquitto 2.0.11: persistent sessions and their plain subscriptions survive a restart, shared
 * subscriptions ({@code $share/...}) do not — the subscriber must subscribe again, and what is published before it
 * does reaches nobody.
 */
public final class MosquittoProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final Path workDir;
    private final Path configFile;
    private final Thread cleanup = new Thread(this::destroyQuietly, "mosquitto-cleanup");
    private Process process;

    private MosquittoProcess(int port, Path workDir, List<String> settings) throws IOException {
        this.port = port;
        this.workDir = workDir;
        this.configFile = workDir.resolve("mosquitto.conf");
        String base = config(port, workDir);
        if (settings.stream().anyMatch(line -> line.startsWith("allow_anonymous"))) {
            base = base.replace("allow_anonymous true\n", "");
        }
        // appended lines follow the listener line, so listener options (cafile, require_certificate) apply to it
        Files.writeString(configFile, base + String.join("\n", settings) + "\n");
    }

    /** Starts mosquitto on a free port and waits until it accepts connections. */
    public static MosquittoProcess start() throws IOException {
        return start(List.of());
    }

    /**
     * Starts mosquitto with extra configuration lines (e.g. {@code allow_anonymous false}, {@code password_file},
     * TLS listener options); an {@code allow_anonymous} line replaces the default {@code true}.
     */
    public static MosquittoProcess start(List<String> settings) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the mosquitto package (.ci/run does)");
        }
        MosquittoProcess broker = new MosquittoProcess(freePort(), Files.createTempDirectory("mosquitto-test-"),
                settings);
        Runtime.getRuntime().addShutdownHook(broker.cleanup);
        broker.launch();
        return broker;
    }

    /** The TCP port, the same across restarts. */
    public int port() {
        return port;
    }

    /** The URL clients connect to. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Whether the broker process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: the broker gets no chance to save state or say goodbye to clients. */
    public synchronized void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Orderly stop (SIGTERM): mosquitto saves its persistence file and closes connections. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Starts the broker again on the same port with the same persistence folder. */
    public synchronized void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("mosquitto on port " + port + " is still running");
        }
        launch();
    }

    /** Kills the broker if it still runs and deletes its folder. */
    @Override
    public void close() {
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same work
        }
    }

    /** The broker's log, for failure messages. */
    public String log() {
        try {
            Path log = workDir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private synchronized void launch() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.log").toFile())
                .start();
        waitUntilReady();
    }

    /** Blocks until the broker accepts TCP connections (start and restart already do). */
    public void waitUntilReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on port " + port + " within " + READY_TIMEOUT);
    }

    private synchronized void destroyQuietly() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        deleteTree(workDir);
    }

    private static String config(int port, Path dir) {
        return String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // started as root, mosquitto drops to user 'mosquitto', which cannot write our 0700 temp folder:
                // persistence would silently fail. Stay the user we are.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_on_changes true",
                "autosave_interval 1",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "set_tcp_nodelay true",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                "log_type notice",
                "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
