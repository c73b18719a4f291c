package io.intakeedge.collector.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.intakeedge.collector.BrokerLogin;
import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorCommand;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.TestDatabase;
import io.intakeedge.sync.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The collector joins a locked-down mosquitto: {@code allow_anonymous false} with a password file made by
 * {@code mosquitto_passwd}, a TLS-only listener with {@code require_certificate true}, certificates made by openssl
 * ({@link TestPki}). A real station syncs through the same broker, so receipts (the collector's second connection)
 * are proven to authenticate too.
 */
class CollectorAuthTest {
    private static final String PASSWORD = "collector-pw-" + UUID.randomUUID();
    private static final String STATION_PASSWORD = "station-pw-" + UUID.randomUUID();
    private static final String SITE = "dock-s";
    private static final String DEVICE = "cam-auth";

    @TempDir
    static Path dir;
    static TestPki pki;
    static MosquittoProcess broker;
    static MosquittoProcess misnamed;

    @BeforeAll
    static void brokers() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        Map<String, String> users = Map.of("collector", PASSWORD, SITE + "/" + DEVICE, STATION_PASSWORD);
        broker = LockedBroker.start(dir, users, pki.listener("server"));
        misnamed = LockedBroker.start(dir, users, pki.listener("wrong-name"));
    }

    @AfterAll
    static void stop() {
        broker.close();
        misnamed.close();
    }

    @Test
    void withPasswordAndClientCertificateTheCollectorStoresAndReceiptsAStationsTracesAndNeverLogsThePassword()
            throws Exception {
        List<ILoggingEvent> logged = new ArrayList<>();
        CollectorConfig config = collector(broker, login(PASSWORD, "client", true));
        try (LogCapture capture = LogCapture.debug(logged);
             Collector collector = new Collector(config);
             Station station = new Station(dir.resolve("station-" + UUID.randomUUID()),
                     SyncConfig.builder(ssl(broker), SITE, DEVICE).credentials(SITE + "/" + DEVICE, STATION_PASSWORD)
                             .tls(new SyncConfig.Tls(pki.cert("ca"), pki.cert("client"), pki.key("client"), true)))) {
            collector.start();
            List<Long> seqs = station.append(20, "over-tls");
            assertThat(Eventually.await(Duration.ofSeconds(30), () -> station.publisher().status().acked() == 20))
                    .as("receipts reach the station: %s", station.publisher().status()).isTrue();
            assertThat(collector.store().sequences(DEVICE)).containsExactlyInAnyOrderElementsOf(seqs);
        }
        List<String> lines = logged.stream().map(CollectorAuthTest::render).toList();
        assertThat(lines).as("the capture works").anySatisfy(l -> assertThat(l).contains("subscribed"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(PASSWORD));
        assertThat(config.toString()).contains("collector").contains("password=set").doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordOrNoneIsRefusedByTheBroker() {
        assertThatThrownBy(() -> startAndClose(collector(broker, login("not-" + PASSWORD, "client", true))))
                .isInstanceOf(MqttException.class).hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> startAndClose(collector(broker, new BrokerLogin(null, null,
                new SyncConfig.Tls(pki.cert("ca"), pki.cert("client"), pki.key("client"), true)))))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void withoutAClientCertificateFromTheCaTheTlsHandshakeFails() {
        assertThatThrownBy(() -> startAndClose(collector(broker, new BrokerLogin("collector", PASSWORD,
                new SyncConfig.Tls(pki.cert("ca"), null, null, true))))).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> startAndClose(collector(broker, login(PASSWORD, "stranger", true))))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void aBrokerWhoseCertificateNamesAnotherHostIsRefusedUnlessVerificationIsSwitchedOff() throws Exception {
        assertThatThrownBy(() -> startAndClose(collector(misnamed, login(PASSWORD, "client", true))))
                .isInstanceOf(MqttException.class);
        startAndClose(collector(misnamed, login(PASSWORD, "client", false)));
    }

    @Test
    void theCommandLineRefusesBadAccessSettingsWithExitTwoAndNeverEchoesAPassword() throws Exception {
        Path passwordFile = dir.resolve("mqtt-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        assertThat(BrokerLogin.fromOptions("collector", passwordFile, null, null, null, null, true).password())
                .isEqualTo(PASSWORD);

        String inUrl = cli("--broker", "tcp://collector:" + PASSWORD + "@127.0.0.1:" + broker.port());
        assertThat(inUrl).startsWith("exit 2").contains("must not carry credentials").doesNotContain(PASSWORD);
        assertThat(cli("--broker", ssl(broker), "--mqtt-user", "collector", "--mqtt-password-file",
                dir.resolve("missing").toString())).startsWith("exit 2").contains("--mqtt-password-file");
        assertThat(cli("--broker", ssl(broker), "--mqtt-user", "collector", "--mqtt-password-env",
                "INTAKE_EDGE_NO_SUCH_VARIABLE_" + UUID.randomUUID().toString().substring(0, 4)))
                .startsWith("exit 2").contains("is not set");
        assertThat(cli("--broker", "tcp://127.0.0.1:" + broker.port(), "--tls-ca", pki.cert("ca").toString()))
                .startsWith("exit 2").contains("plain tcp://");
        assertThat(cli("--broker", ssl(broker), "--tls-cert", pki.cert("client").toString()))
                .startsWith("exit 2").contains("--tls-cert and --tls-key go together");
    }

    private static String cli(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--jdbc", "jdbc:h2:file:" + dir.resolve("cli-never-opened"), "--client-id", "cli"));
            int code = new CommandLine(new CollectorCommand()).execute(all.toArray(String[]::new));
            return "exit " + code + ": " + err;
        } finally {
            System.setErr(original);
        }
    }

    private static void startAndClose(CollectorConfig config) throws Exception {
        try (Collector collector = new Collector(config)) {
            collector.start();
        }
    }

    private CollectorConfig collector(MosquittoProcess to, BrokerLogin login) {
        TestDatabase db = TestDatabase.h2(dir.resolve("db-" + UUID.randomUUID()));
        return CollectorConfig.of(ssl(to), "collector-auth-" + UUID.randomUUID().toString().substring(0, 6),
                db.url(), db.user(), "").withShareGroup("").withLogin(login);
    }

    private static BrokerLogin login(String password, String clientCert, boolean verifyHostname) {
        return new BrokerLogin("collector", password,
                new SyncConfig.Tls(pki.cert("ca"), pki.cert(clientCert), pki.key(clientCert), verifyHostname));
    }

    private static String ssl(MosquittoProcess to) {
        return "ssl://127.0.0.1:" + to.port();
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    /** Every log event at DEBUG and above while open. */
    private static final class LogCapture implements AutoCloseable {
        private final Logger root;
        private final Level level;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final List<ILoggingEvent> into;

        private LogCapture(List<ILoggingEvent> into) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            this.into = into;
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            level = root.getLevel();
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
            root.setLevel(Level.DEBUG);
        }

        static LogCapture debug(List<ILoggingEvent> into) {
            return new LogCapture(into);
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            root.setLevel(level);
            into.addAll(appender.list);
        }
    }
}
