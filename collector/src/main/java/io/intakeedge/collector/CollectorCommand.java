package io.intakeedge.collector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code intake-edge collector}: the central side. Several instances with the same {@code --group} split the stations'
 * messages through an MQTT 5 shared subscription; writes are idempotent per (device, seq), so a redelivery after a
 * crash is harmless.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = "Receive traces, drift windows and events from stations and store them (H2 or PostgreSQL).")
public final class CollectorCommand implements Callable<Integer> {

    /** The collector archive's entry point. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "intake-edge-logback.xml");
        }
        System.exit(new picocli.CommandLine(new CollectorCommand()).execute(args));
    }

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--jdbc", defaultValue = CollectorConfig.DEFAULT_JDBC_URL,
            description = "database: jdbc:h2:file:PATH or jdbc:postgresql://host/db (default ${DEFAULT-VALUE})")
    String jdbc;

    @Option(names = "--db-user", defaultValue = "", description = "database user")
    String user;

    @Option(names = "--db-password-env", description = "environment variable holding the database password")
    String passwordEnv;

    @Option(names = "--group", defaultValue = CollectorConfig.DEFAULT_SHARE_GROUP,
            description = "shared-subscription group; instances in one group split the load (default ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--client-id", description = "MQTT client id, stable per instance (default: collector-<host>)")
    String clientId;

    @Option(names = "--mqtt-user", description = "MQTT user name (default: anonymous)")
    String mqttUser;

    @Option(names = "--mqtt-password-file", description = "file holding the MQTT password (one line; keep it 0600)")
    Path mqttPasswordFile;

    @Option(names = "--mqtt-password-env", description = "environment variable holding the MQTT password")
    String mqttPasswordEnv;

    @Option(names = "--tls-ca", description = "PEM CA certificate(s) the broker's certificate must chain to (ssl://)")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "PEM client certificate, for brokers with require_certificate")
    Path tlsCert;

    @Option(names = "--tls-key", description = "its unencrypted PKCS#8 PEM private key")
    Path tlsKey;

    @Option(names = "--tls-no-verify-hostname",
            description = "accept a broker certificate that does not name the broker's host (anyone with a"
                    + " certificate from the CA could then pose as the broker)")
    boolean noVerifyHostname;

    @Option(names = "--session-expiry", description = "seconds the broker keeps this collector's session while it is"
            + " away; 0 = clean start (default: 0 with a --group, 86400 without)")
    Long sessionExpirySeconds;

    @Option(names = "--report-every", defaultValue = "30", description = "print statistics every N seconds (0: never)")
    int reportEvery;

    @Option(names = "--bundle-store", paramLabel = "DIR", description = "serve the bundle archives in DIR to "
            + "stations block by block (what `fleet push --store DIR` fills) and halt rollouts that stations fail "
            + "(the rollout controller); both off when not given")
    java.nio.file.Path bundleStore;

    @Override
    public Integer call() throws Exception {
        String id = clientId != null ? clientId : "collector-" + InetAddress.getLocalHost().getHostName();
        String password = passwordEnv == null ? "" : System.getenv().getOrDefault(passwordEnv, "");
        CollectorConfig config;
        try {
            config = CollectorConfig.of(broker, id, jdbc, user, password).withShareGroup(group)
                    .withLogin(BrokerLogin.fromOptions(mqttUser, mqttPasswordFile, mqttPasswordEnv, tlsCa,
                            tlsCert, tlsKey, !noVerifyHostname));
            if (sessionExpirySeconds != null) {
                config = config.withSessionExpiry(Duration.ofSeconds(sessionExpirySeconds));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("collector: " + e.getMessage());
            return 2; // bad input, as for the station's commands
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (Collector collector = new Collector(config);
             AutoCloseable blocks = bundleStore == null ? () -> { } : io.intakeedge.collector.bundle.BlockServer
                     .start(broker, id + "-blocks", new io.intakeedge.collector.bundle.ArchiveStore(bundleStore),
                             io.intakeedge.collector.bundle.BlockServer.Settings.DEFAULTS);
             AutoCloseable rollouts = bundleStore == null ? () -> { }
                     : io.intakeedge.collector.bundle.RolloutController.start(broker, id + "-rollouts", "+")) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
            collector.start();
            System.out.printf("collector %s: %s -> %s (group %s)%n", id, broker, jdbc, group);
            while (!stop.await(reportEvery <= 0 ? 3600 : reportEvery, TimeUnit.SECONDS)) {
                if (reportEvery > 0) {
                    print(collector.store().stats());
                }
            }
            print(collector.store().stats());
        }
        return 0;
    }

    static void print(CollectorStats s) {
        System.out.printf("messages %d, items %d, duplicates %d, conflicts %d, dead letters %d%n", s.messages(),
                s.items(), s.duplicates(), s.conflicts(), s.deadLetters());
        for (DeviceStats d : s.devices()) {
            System.out.printf("  %s/%s: items %d (compacted %d), conflicts %d, highest seq %d, gaps %s, last %s%n",
                    d.site(), d.device(), d.items(), d.compacted(), d.conflicts(), d.highestSeq(), d.gaps(),
                    d.lastMessage());
        }
    }
}
