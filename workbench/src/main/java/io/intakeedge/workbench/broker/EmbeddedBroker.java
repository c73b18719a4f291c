package io.intakeedge.workbench.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition, embedded) for the one-machine demo and for tests: a real
 * broker with shared subscriptions, persistent sessions and QoS 1, bound to 127.0.0.1 only.
 *
 * <p>Its working folders (configuration, data, extensions) live in a temporary folder that {@link #close()} deletes.
 * Queues per client are raised well above HiveMQ's default of 1000 messages, whose overflow strategy is to discard:
 * an offline collector must not lose messages.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_S = 60;
    private static final long MAX_QUEUED_MESSAGES = 1_000_000;

    private final int port;
    private final Path workDir;
    private final EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(int port, Path workDir, EmbeddedHiveMQ hivemq) {
        this.port = port;
        this.workDir = workDir;
        this.hivemq = hivemq;
    }

    /**
     * Starts a broker on {@code port} ({@code 0}: a free port) and waits until it accepts connections.
     *
     * @param persistent keep sessions and queued messages in files (HiveMQ's file persistence) instead of memory
     */
    public static EmbeddedBroker start(int port, boolean persistent) throws IOException {
        int chosen = port == 0 ? freePort() : port;
        Path workDir = Files.createTempDirectory("intake-broker-");
        Path config = Files.createDirectories(workDir.resolve("conf"));
        Files.writeString(config.resolve("config.xml"), configXml(chosen, persistent));
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config)
                .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            deleteTree(workDir);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("embedded HiveMQ did not start on port " + chosen + ": " + e, e);
        }
        log.info("embedded HiveMQ listening on 127.0.0.1:{} ({})", chosen, persistent ? "file" : "in-memory");
        return new EmbeddedBroker(chosen, workDir, hivemq);
    }

    /** The TCP port it listens on. */
    public int port() {
        return port;
    }

    /** The URL clients connect to, e.g. {@code tcp://127.0.0.1:41883}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The temporary folder holding the broker's configuration, data and extensions; deleted by {@link #close()}. */
    public Path workDir() {
        return workDir;
    }

    /** Stops the broker and deletes its working folders. */
    @Override
    public void close() {
        closeQuietly(hivemq);
        deleteTree(workDir);
    }

    private static String configXml(int port, boolean persistent) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, MAX_QUEUED_MESSAGES, persistent ? "file" : "in-memory");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException | RuntimeException e) {
            log.warn("stopping embedded HiveMQ failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
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
