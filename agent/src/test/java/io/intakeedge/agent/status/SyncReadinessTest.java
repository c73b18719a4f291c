package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync faults against real brokers: each is a named problem in {@code /api/status} and makes {@code /readyz} 503
 * with the reason, while {@code /healthz} (liveness) does not name it. A broker of our own requires a password
 * ({@code allow_anonymous false}, a {@code mosquitto_passwd} file).
 */
class SyncReadinessTest {
    private static final String USER = "station-a";
    private static final String RIGHT = "right-" + UUID.randomUUID();
    private static final String WRONG = "wrong-" + UUID.randomUUID();

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;
    static MosquittoProcess locked;

    @BeforeAll
    static void lockedBroker() throws Exception {
        Path passwords = brokerDir.resolve("passwords");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, RIGHT)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as(new String(p.getInputStream().readAllBytes())).isTrue();
        locked = MosquittoProcess.start(List.of("allow_anonymous false", "password_file " + passwords));
    }

    @AfterAll
    static void stopBroker() {
        locked.close();
    }

    private static StationConfig.SyncSettings sync(String broker, String user, String password, int unreachableS,
                                                   int outboxItems) {
        return new StationConfig.SyncSettings(true, broker, user, password, false, 16, false, unreachableS,
                outboxItems, null);
    }

    private static String device() {
        return "rdy-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aWrongPasswordIsNamedAuthRefusedInStatusAndReadinessButNotLiveness() throws Exception {
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, device(), sync(locked.url(), USER, WRONG, 600,
                100_000))) {
            assertThat(LiveAgent.await(Duration.ofSeconds(30), () -> body(live, "/readyz").contains("sync auth_refused")))
                    .as(body(live, "/readyz") + "\nbroker log:\n" + locked.log()).isTrue();
            assertThat(live.get("/readyz").statusCode()).isEqualTo(503);
            JsonNode status = live.json("/api/status");
            assertThat(status.get("sync_problems").toString()).contains("sync auth_refused").contains(USER);
            assertThat(status.get("sync").get("fault").asText()).isEqualTo("auth_refused");
            assertThat(status.toString()).doesNotContain(WRONG);
            // liveness may fail here for the test JVM's heap (a resource problem), never for sync
            assertThat(body(live, "/healthz")).as("liveness").doesNotContain("sync");
            assertThat(live.json("/api/status").get("problems").toString()).doesNotContain("sync");
            // the timeline samples the status periodically: the event follows within a few samples
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> body(live, "/api/events")
                    .contains("sync auth_refused"))).as(body(live, "/api/events")).isTrue();
        }
    }

    @Test
    void theRightPasswordConnectsAndNamesNoSyncProblem() throws Exception {
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, device(), sync(locked.url(), USER, RIGHT, 600,
                100_000))) {
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.get200("/readyz") && connected(live)))
                    .as(body(live, "/readyz")).isTrue();
            JsonNode status = live.json("/api/status");
            assertThat(status.get("sync").get("connected").asBoolean()).isTrue();
            assertThat(status.get("sync_problems")).isEmpty();
        }
    }

    @Test
    void aBrokerDownLongerThanTheLimitIsNamedAndClearsWhenItIsBack() throws Exception {
        try (MosquittoProcess open = MosquittoProcess.start();
             LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, device(), sync(open.url(), null, null, 2, 100_000))) {
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.get200("/readyz")))
                    .as(body(live, "/readyz")).isTrue();
            open.stop();
            assertThat(LiveAgent.await(Duration.ofSeconds(30), () -> body(live, "/readyz").contains("sync unreachable")))
                    .as(body(live, "/readyz")).isTrue();
            assertThat(body(live, "/readyz")).containsPattern("no broker connection for \\d+ s \\(limit 2 s\\)");
            // liveness may fail here for the test JVM's heap (a resource problem), never for sync
            assertThat(body(live, "/healthz")).as("liveness").doesNotContain("sync");
            assertThat(live.json("/api/status").get("problems").toString()).doesNotContain("sync");
            open.restart();
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.get200("/readyz")))
                    .as(body(live, "/readyz")).isTrue();
        }
    }

    @Test
    void aBrokerCertificateFromAnUntrustedCaIsNamedTlsFailedAndTheRightCaConnects() throws Exception {
        TestPki pki = TestPki.create(brokerDir.resolve("pki-" + UUID.randomUUID()));
        try (MosquittoProcess tls = MosquittoProcess.start(pki.listener("server"))) {
            String url = "ssl://127.0.0.1:" + tls.port();
            var wrongCa = new StationConfig.TlsSettings(pki.cert("other-ca"), pki.cert("client"), pki.key("client"),
                    null);
            try (LiveAgent live = new LiveAgent(dir.resolve("a"), LiveAgent.BUNDLE, device(),
                    tlsSync(url, wrongCa))) {
                assertThat(LiveAgent.await(Duration.ofSeconds(30), () -> body(live, "/readyz")
                        .contains("sync tls_failed"))).as(body(live, "/readyz")).isTrue();
                assertThat(body(live, "/healthz")).as("liveness").doesNotContain("sync");
            }
            var rightCa = new StationConfig.TlsSettings(pki.cert("ca"), pki.cert("client"), pki.key("client"), null);
            try (LiveAgent live = new LiveAgent(dir.resolve("b"), LiveAgent.BUNDLE, device(), tlsSync(url, rightCa))) {
                assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.get200("/readyz") && connected(live)))
                        .as(body(live, "/readyz")).isTrue();
            }
        }
    }

    private static StationConfig.SyncSettings tlsSync(String broker, StationConfig.TlsSettings tls) {
        return new StationConfig.SyncSettings(true, broker, null, null, false, 16, false, 600, 100_000, tls);
    }

    @Test
    void anOutboxGrowingBeyondItsLimitIsNamed() throws Exception {
        int nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = free.getLocalPort();
        }
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, device(), sync("tcp://127.0.0.1:" + nobody, null,
                null, 3600, 2))) {
            assertThat(LiveAgent.await(Duration.ofSeconds(90), () -> body(live, "/readyz").contains("sync outbox_growing")))
                    .as(body(live, "/readyz")).isTrue();
            assertThat(body(live, "/readyz")).containsPattern("\\d+ items wait in the outbox \\(limit 2\\)")
                    .doesNotContain("sync unreachable");
            assertThat(live.json("/api/status").get("sync_problems").toString()).contains("sync outbox_growing");
        }
    }

    private static boolean connected(LiveAgent live) {
        return body(live, "/api/status").contains("\"connected\":true");
    }

    private static String body(LiveAgent live, String path) {
        try {
            return live.get(path).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
